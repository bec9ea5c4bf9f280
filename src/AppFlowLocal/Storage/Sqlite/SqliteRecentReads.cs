using System.Collections.Concurrent;
using AppFlowLocal.Registry;

namespace AppFlowLocal.Storage.Sqlite;

/// <summary>
/// The answers of the hot reads (a registration by label, a page of the listing), kept only for as long
/// as nothing has committed to the database: each is filed under the <see cref="SqliteCommitWatch"/>
/// mark seen before its query ran, and the first look that sees another mark starts afresh. A commit by
/// this node's writer, another store over the same file or another process changes the mark before it
/// is acknowledged, so an answer kept here is never older than the last acknowledged write anywhere.
/// A read that finds it here costs no SQLite statement, file lock or mutex: under 32 clients those locks
/// (SQLite's file-lock and WAL-index mutexes, taken by every read transaction) made more than one futex
/// call per DescribeConnector (bench/README).
/// </summary>
internal sealed class SqliteRecentReads(SqliteCommitWatch watch, int maxRows = SqliteRecentReads.MaxRows)
{
    // Bounds memory between commits, in registrations kept (a listing page counts its rows, and its
    // rendered body lives only as long as it is kept); past it reads simply go to storage.
    public const int MaxRows = 4096;

    private Generation current = new(default);

    /// <summary>The mark to file a read under (null: no answer can be kept now), looked at before the read's query.</summary>
    public SqliteCommitWatch.CommitMark? Look() => watch.Look();

    public bool TryGet(SqliteCommitWatch.CommitMark? mark, in ReadKey key, out object? answer)
    {
        var generation = Volatile.Read(ref current);
        if (mark is { } seen && generation.Mark == seen && generation.Entries.TryGetValue(key, out answer))
        {
            return true;
        }

        answer = null;
        return false;
    }

    /// <summary>Keeps an answer read from storage after <paramref name="mark"/> was seen, unless something has committed since.</summary>
    public void Keep(SqliteCommitWatch.CommitMark? mark, in ReadKey key, object? answer, int rows = 1)
    {
        if (mark is not { } seen)
        {
            return;
        }

        var generation = Volatile.Read(ref current);
        if (generation.Mark != seen)
        {
            // Only a newer mark replaces the kept answers; one read's old look must not wipe a newer set.
            if (watch.Look() != seen)
            {
                return;
            }

            var fresh = new Generation(seen);
            generation = Interlocked.CompareExchange(ref current, fresh, generation) == generation ? fresh : Volatile.Read(ref current);
            if (generation.Mark != seen)
            {
                return;
            }
        }

        if (Interlocked.Add(ref generation.Rows, Math.Max(1, rows)) <= maxRows)
        {
            generation.Entries.TryAdd(key, answer);
        }
    }

    /// <summary>What was read: a registration (<see cref="Label"/>) or a listing page (<see cref="Label"/> is the label it starts after).</summary>
    public readonly record struct ReadKey(bool Listing, RegistryScope Scope, string? Label, int Limit);

    private sealed class Generation(SqliteCommitWatch.CommitMark mark)
    {
        public readonly SqliteCommitWatch.CommitMark Mark = mark;
        public readonly ConcurrentDictionary<ReadKey, object?> Entries = new();
        public int Rows;
    }
}
