using System.Threading.RateLimiting;
using AppFlowLocal.Model;
using AppFlowLocal.Registry;
using Microsoft.Extensions.Options;

namespace AppFlowLocal.Wire;

/// <summary>
/// A token bucket per account and region, on this node: an account over its rate gets AWS's 429
/// ThrottlingException at once (the SDKs back off and retry it by themselves) and never waits in a
/// queue, so it cannot hold up another account's requests. Buckets of accounts that went quiet are
/// dropped by the partitioned limiter, so memory follows the accounts active now.
/// </summary>
internal sealed class AccountThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<Caller>? limiter;

    public AccountThrottle(IOptions<ThrottlingOptions> options)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        var bucket = new TokenBucketRateLimiterOptions
        {
            TokenLimit = settings.BucketSize,

            // One token per 1/rate seconds; the bucket fills at that rate between the partitioned
            // limiter's replenishment ticks, so a fractional rate (0.5/s) works too.
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1 / settings.RequestsPerSecond),
            QueueLimit = 0,
            AutoReplenishment = false,
        };
        limiter = PartitionedRateLimiter.Create<Caller, (string Account, string Region)>(
            caller => RateLimitPartition.GetTokenBucketLimiter((caller.Account, caller.Region), _ => bucket));
    }

    /// <summary>Takes one request's token from the caller's bucket, or refuses the request.</summary>
    public void Admit(Caller caller)
    {
        if (limiter is null)
        {
            return;
        }

        using var lease = limiter.AttemptAcquire(caller);
        if (!lease.IsAcquired)
        {
            // AWS's text for a throttled request; the SDKs recognise the code, not the message.
            throw new AppFlowException(AwsErrorCode.ThrottlingException, "Rate exceeded");
        }
    }

    public void Dispose() => limiter?.Dispose();
}
