using Microsoft.Extensions.Caching.Memory;

namespace AppFlowLocal.Storage;

/// <summary>
/// What reading or showing a registration produces (its parsed configuration, its listing summary, its
/// rendered API views), kept per node under the registration's id and revision. A registration id and
/// revision name content that never changes: every write makes a new revision, and a label registered
/// again gets a new id. So an entry can never be stale, on this node or because another node wrote:
/// every read still asks storage for the row's current id and revision, and only the work of turning
/// that row into a response is saved. Bounded by <see cref="Capacity"/> bytes (estimated per entry);
/// the least recently used entries make room.
/// </summary>
internal sealed class RevisionCache : IDisposable
{
    /// <summary>Room for the views of a few thousand connectors; a full cache only means more parsing.</summary>
    public const long Capacity = 32L * 1024 * 1024;

    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = Capacity, CompactionPercentage = 0.25 });

    /// <summary>
    /// The entry of this kind for the revision; if it is not there, <paramref name="make"/> makes it from
    /// <paramref name="state"/> with its estimated size in bytes, and it is kept. The state is passed
    /// rather than captured so that a hit, the common case on every read, allocates no closure.
    /// </summary>
    public T GetOrAdd<TState, T>(string kind, string id, long revision, TState state, Func<TState, (T Value, long Size)> make)
        where T : class
    {
        var key = (kind, id, revision);
        if (cache.TryGetValue(key, out var found) && found is T value)
        {
            return value;
        }

        var (made, size) = make(state);
        cache.Set(key, made, new MemoryCacheEntryOptions { Size = Math.Max(1, size) });
        return made;
    }

    public void Dispose() => cache.Dispose();
}
