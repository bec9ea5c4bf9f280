using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace AppFlowLocal.Wire;

/// <summary>
/// Limits guessing secrets, through signed requests and the console's login alike: each source address has
/// a budget of failed authentications, and once it is spent that address's attempts are refused before any
/// signature is computed (cheap, and the same answer right or wrong). Each configured access key has a budget
/// too, but spending it refuses nobody: it only makes every further failure for that key spend its address's
/// whole budget, so an attacker spread over many addresses gets one guess per address, while the key's owner,
/// from any address that has not failed itself, still gets in. Nobody is ever refused for failures made from
/// another address.
/// </summary>
/// <remarks>
/// Memory is bounded: keys are only the configured ones, and at most <c>TrackedSources</c> addresses are held
/// (an address whose budget is full again needs no entry, and the one that failed longest ago makes room).
/// Behind a proxy every caller has the proxy's address, and shares its budget.
/// </remarks>
internal sealed class FailedAttemptBudget
{
    private readonly FailedAttemptOptions options;
    private readonly TimeProvider time;
    private readonly HashSet<string> configuredKeys;
    private readonly ConcurrentDictionary<IPAddress, Bucket> sources = new();
    private readonly ConcurrentDictionary<string, Bucket> keys = new(StringComparer.Ordinal);

    public FailedAttemptBudget(IOptions<FailedAttemptOptions> options, ConfiguredCredentials credentials, TimeProvider time)
    {
        this.options = options.Value;
        this.time = time;
        configuredKeys = new HashSet<string>(credentials.All.Select(static c => c.AccessKeyId), StringComparer.Ordinal);
    }

    /// <summary>How many source addresses are remembered (tests: the bound holds).</summary>
    internal int TrackedSources => sources.Count;

    /// <summary>Whether an attempt from <paramref name="source"/> may be verified at all: false once the address's budget is spent.</summary>
    public bool Admits(IPAddress? source) =>
        sources.IsEmpty
        || !sources.TryGetValue(SourceOf(source), out var bucket)
        || !bucket.IsSpent(time.GetUtcNow(), options.PerSource, options.RefillPerMinute);

    /// <summary>Counts a failed authentication from <paramref name="source"/> claiming <paramref name="accessKeyId"/> (any text the client sent).</summary>
    public void Failed(IPAddress? source, string? accessKeyId)
    {
        var now = time.GetUtcNow();
        var underAttack = false;
        if (accessKeyId is not null && configuredKeys.Contains(accessKeyId))
        {
            var key = keys.GetOrAdd(accessKeyId, static (_, now) => new Bucket(now), now);
            underAttack = !key.Take(now, options.PerAccessKey, options.RefillPerMinute, all: false);
        }

        var address = SourceOf(source);
        if (!sources.TryGetValue(address, out var bucket))
        {
            MakeRoom(now);
            bucket = sources.GetOrAdd(address, static (_, now) => new Bucket(now), now);
        }

        bucket.Take(now, options.PerSource, options.RefillPerMinute, all: underAttack);
    }

    /// <summary>At the bound: forgets addresses whose budget is full again, and if that is not enough, the one that failed longest ago.</summary>
    private void MakeRoom(DateTimeOffset now)
    {
        if (sources.Count < options.TrackedSources)
        {
            return;
        }

        foreach (var (address, bucket) in sources)
        {
            if (bucket.IsFull(now, options.PerSource, options.RefillPerMinute))
            {
                sources.TryRemove(address, out _);
            }
        }

        while (sources.Count >= options.TrackedSources && !sources.IsEmpty)
        {
            var oldest = sources.MinBy(static entry => entry.Value.LastFailure);
            sources.TryRemove(oldest.Key, out _);
        }
    }

    /// <summary>
    /// The address a budget belongs to: an IPv4 address, or an IPv6 address's /64 (one host commonly has a
    /// whole /64 to choose from); an IPv4 address mapped into IPv6 is the IPv4 address.
    /// </summary>
    internal static IPAddress SourceOf(IPAddress? source)
    {
        if (source is null)
        {
            return IPAddress.IPv6None;
        }

        if (source.IsIPv4MappedToIPv6)
        {
            return source.MapToIPv4();
        }

        if (source.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return source;
        }

        var bytes = source.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes);
    }

    /// <summary>A token bucket of failures: it starts full, each failure takes one, and it fills again at the refill rate.</summary>
    private sealed class Bucket(DateTimeOffset now)
    {
        private readonly Lock gate = new();
        private double spent;
        private DateTimeOffset updated = now;

        public DateTimeOffset LastFailure { get; private set; } = now;

        public bool IsSpent(DateTimeOffset now, int size, double perMinute)
        {
            lock (gate)
            {
                Refill(now, perMinute);
                return spent > size - 1;
            }
        }

        public bool IsFull(DateTimeOffset now, int size, double perMinute)
        {
            lock (gate)
            {
                Refill(now, perMinute);
                return spent <= 0;
            }
        }

        /// <summary>Takes one failure (or, with <paramref name="all"/>, everything left); false when there was none left to take.</summary>
        public bool Take(DateTimeOffset now, int size, double perMinute, bool all)
        {
            lock (gate)
            {
                Refill(now, perMinute);
                LastFailure = now;
                var had = spent <= size - 1;
                spent = all ? size : Math.Min(size, spent + 1);
                return had;
            }
        }

        private void Refill(DateTimeOffset now, double perMinute)
        {
            if (now > updated)
            {
                spent = Math.Max(0, spent - ((now - updated).TotalMinutes * perMinute));
                updated = now;
            }
        }
    }
}
