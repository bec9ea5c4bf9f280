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
    /// <summary>Records deleted per transaction: small enough that the writes waiting behind one barely notice it.</summary>
    internal const int Batch = 500;

    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                var purged = await SweepAsync(stoppingToken);
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

    /// <summary>Deletes in batches of <see cref="Batch"/>, each its own short transaction, until a batch comes back short.</summary>
    private async Task<int> SweepAsync(CancellationToken stoppingToken)
    {
        var before = time.GetUtcNow() - options.Value.IdempotencyLifetime;
        var total = 0;
        int purged;
        do
        {
            purged = await store.PurgeTokensAsync(before, Batch, stoppingToken);
            total += purged;
        }
        while (purged == Batch);

        return total;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} expired clientToken records")]
    private static partial void LogPurged(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweeping expired clientToken records failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
