namespace AppFlowLocal.Storage;

/// <summary>
/// The database file the server has open is no longer the one at its path (removed, replaced, or
/// overwritten by another program): a write committed now would be lost at the next start, so none is
/// acknowledged. An <see cref="IOException"/>, as the file's trouble is.
/// </summary>
internal sealed class DatabaseFileChangedException(string database, string change, Exception? inner = null)
    : IOException($"The database file {database} {change} while the server was running, so nothing was written: " +
        "writes are refused until the server is restarted over the file now at that path.", inner)
{
    /// <summary>The file as an operator would look for it.</summary>
    public string Database { get; } = database;

    /// <summary>What happened to it, e.g. "was removed or renamed".</summary>
    public string Change { get; } = change;
}
