using System.Collections.Concurrent;

namespace AppFlowLocal.Wire;

/// <summary>
/// Derived SigV4 signing keys (<see cref="SigV4.SigningKey"/>, four HMACs each), kept per secret, date,
/// region and service: the same few serve every request of a day, signed or verified.
/// </summary>
/// <param name="limit">Past this many something is churning (made-up regions, say), and the cache starts again rather than grow.</param>
internal sealed class SigningKeyCache(int limit)
{
    private readonly ConcurrentDictionary<(string Secret, string Date, string Region, string Service), byte[]> keys = new();

    /// <summary>How many keys are held (tests: the cache is used and bounded).</summary>
    public int Count => keys.Count;

    public byte[] Get(string secret, string date, string region, string service)
    {
        if (keys.TryGetValue((secret, date, region, service), out var key))
        {
            return key;
        }

        if (keys.Count >= limit)
        {
            keys.Clear();
        }

        key = SigV4.SigningKey(secret, date, region, service);
        keys[(secret, date, region, service)] = key;
        return key;
    }
}
