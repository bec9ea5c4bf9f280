using AppFlowLocal.Storage;
using Microsoft.Extensions.Options;

namespace AppFlowLocal.Registry;

/// <summary>
/// Deletes clientToken records past their lifetime, so the table holds hours of tokens rather than
/// everything ever sent. Expired records are already ignored by look-ups; this only reclaims space.
/// </summary>
internal sealed partial class ExpiredTokenSweeper(
    IRegistryStore store,
    TimeProvider time,
    IOptions<RegistryOptions> options,
    ILogger<ExpiredTokenSweeper> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                var purged = await store.PurgeTokensAsync(time.GetUtcNow() - options.Value.IdempotencyLifetime, stoppingToken);
                if (purged > 0)
                {
                    LogPurged(logger, purged);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A failed sweep costs only space; the next one tries again.
                LogFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} expired clientToken records")]
    private static partial void LogPurged(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweeping expired clientToken records failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
