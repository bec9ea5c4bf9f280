using System.Collections.Concurrent;
using AppFlowLocal.Registry;

namespace AppFlowLocal.Storage;

/// <summary>What a store's recent reads are keyed by, and how much they may hold.</summary>
internal static class RecentReads
{
    // Bounds memory between commits, in registrations kept (a listing page counts its rows, and its
    // rendered body lives only as long as it is kept); past it reads simply go to storage.
    public const int MaxRows = 4096;

    /// <summary>What was read: a registration (<see cref="Label"/>) or a listing page (<see cref="Label"/> is the label it starts after).</summary>
    public readonly record struct ReadKey(bool Listing, RegistryScope Scope, string? Label, int Limit);
}

/// <summary>
/// The answers of the hot reads (a registration by label, a page of the listing), kept only for as long
/// as nothing has committed to the database. Each answer is filed under a mark that names everything
/// committed when it was read (SQLite: the WAL index's header, <see cref="Sqlite.SqliteCommitWatch"/>;
/// PostgreSQL: the read's snapshot, <see cref="Postgres.PostgresCommitCheck"/>), and is answered again
/// only to a read that sees that same mark. Every commit, by this node or any other, changes the mark
/// before it is acknowledged, so an answer kept here is never older than the last acknowledged write
/// anywhere. A read that finds it here costs no statement: under 32 clients SQLite's file-lock and
/// WAL-index mutexes, and PostgreSQL's round trip per statement, were what stood between the reads and
/// bare Kestrel (bench/README).
/// </summary>
/// <param name="latest">The newest mark seen, if any; only an answer filed under it may start a new set.</param>
internal sealed class RecentReads<TMark>(Func<TMark?> latest, int maxRows = RecentReads.MaxRows)
    where TMark : struct, IEquatable<TMark>
{
    private Generation current = new(default);

    /// <summary>
    /// Whether a read of <paramref name="key"/> should learn the current mark before it goes to storage: when
    /// an answer to it is kept, or when the kept set is older than the newest mark seen (only an answer filed
    /// under the newest mark starts a new set), or when a read since found storage at another mark. Otherwise the
    /// mark (on PostgreSQL, a round trip) could not save the read, and what it reads is kept all the same when
    /// nothing has committed since the set began.
    /// </summary>
    public bool WorthLooking(in RecentReads.ReadKey key)
    {
        var generation = Volatile.Read(ref current);
        return generation.Entries.ContainsKey(key) || generation.Outdated || latest() is not { } newest || !generation.Mark.Equals(newest);
    }

    public bool TryGet(TMark? mark, in RecentReads.ReadKey key, out object? answer)
    {
        var generation = Volatile.Read(ref current);
        if (mark is { } seen && generation.Mark.Equals(seen) && generation.Entries.TryGetValue(key, out answer))
        {
            return true;
        }

        answer = null;
        return false;
    }

    /// <summary>Keeps an answer that reflects exactly what was committed at <paramref name="mark"/>, unless something has committed since.</summary>
    public void Keep(TMark? mark, in RecentReads.ReadKey key, object? answer, int rows = 1)
    {
        if (mark is not { } seen)
        {
            return;
        }

        var generation = Volatile.Read(ref current);
        if (!generation.Mark.Equals(seen))
        {
            // Only the newest mark replaces the kept answers; one read's old look must not wipe a newer set.
            if (latest() is not { } newest || !newest.Equals(seen))
            {
                // Storage was read at a mark other than the set's: something committed that the newest mark (on
                // PostgreSQL, the last check's) has not seen. Until a check sees it, nothing could be kept.
                generation.Outdated = true;
                return;
            }

            var fresh = new Generation(seen);
            generation = Interlocked.CompareExchange(ref current, fresh, generation) == generation ? fresh : Volatile.Read(ref current);
            if (!generation.Mark.Equals(seen))
            {
                return;
            }
        }

        if (Interlocked.Add(ref generation.Rows, Math.Max(1, rows)) <= maxRows)
        {
            generation.Entries.TryAdd(key, answer);
        }
    }

    /// <summary>
    /// Keeps a listing page read at <paramref name="mark"/> as <see cref="KeptRows"/>, so that what is made
    /// from it (its rendered body) lives exactly as long; returns the page to answer with.
    /// </summary>
    public IReadOnlyList<ConnectorSummary> KeepPage(TMark? mark, in RecentReads.ReadKey key, IReadOnlyList<ConnectorSummary> page)
    {
        if (mark is null)
        {
            return page;
        }

        var kept = new KeptRows(page);
        Keep(mark, key, kept, kept.Count);
        return kept;
    }

    private sealed class Generation(TMark mark)
    {
        public readonly TMark Mark = mark;
        public readonly ConcurrentDictionary<RecentReads.ReadKey, object?> Entries = new();
        public int Rows;
        public volatile bool Outdated;
    }
}
