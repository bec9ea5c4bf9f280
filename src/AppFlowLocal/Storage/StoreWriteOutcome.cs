namespace AppFlowLocal.Storage;

internal enum StoreWriteOutcome
{
    Written,
    LabelExists,
    QuotaExceeded,
    NotFound,

    /// <summary>Another caller committed the same live clientToken first; nothing was written.</summary>
    TokenTaken,
}
