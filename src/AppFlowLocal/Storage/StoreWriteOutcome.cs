namespace AppFlowLocal.Storage;

internal enum StoreWriteOutcome
{
    Written,
    LabelExists,
    QuotaExceeded,
    NotFound,

    /// <summary>
    /// The registration (or connector profile) was changed, or replaced by another with the same label (or name), since it
    /// was read; nothing was written.
    /// </summary>
    Stale,

    /// <summary>This call no longer holds its clientToken (another took over its lease); nothing was written.</summary>
    TokenTaken,

    /// <summary>A connector profile of that name already exists; nothing was written.</summary>
    NameExists,

    /// <summary>A connector profile uses the connector; nothing was deleted.</summary>
    InUse,
}
