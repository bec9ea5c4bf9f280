namespace AppFlowLocal.Storage.Postgres;

/// <summary>
/// Whether the database answers, as requests find it. The log gets one warning when it stops
/// answering and one line when it answers again, however many requests fail in between.
/// </summary>
internal sealed partial class DatabaseHealth(ILogger<DatabaseHealth> logger)
{
    private int unreachable;

    public bool IsReachable => Volatile.Read(ref unreachable) == 0;

    public void Reached()
    {
        if (Interlocked.Exchange(ref unreachable, 0) == 1)
        {
            LogReachable(logger);
        }
    }

    public void Failed(Exception exception)
    {
        if (Interlocked.Exchange(ref unreachable, 1) == 0)
        {
            LogUnreachable(logger, exception.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database cannot be reached; requests that need it fail until it is back: {Reason}")]
    private static partial void LogUnreachable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database is reachable again")]
    private static partial void LogReachable(ILogger logger);
}
