namespace AppFlowLocal.Storage;

/// <summary>
/// The configured database cannot be used as it is, and was left as it was found: the server
/// refuses to start and says which database and why, rather than crash or repair it.
/// </summary>
internal sealed class UnusableDatabaseException(string database, string problem) : Exception($"{database}: {problem}")
{
    /// <summary>The file (or the name) of the database, as an operator would look for it.</summary>
    public string Database { get; } = database;

    public string Problem { get; } = problem;
}
