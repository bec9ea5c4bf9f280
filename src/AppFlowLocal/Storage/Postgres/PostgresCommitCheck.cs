using Npgsql;

namespace AppFlowLocal.Storage.Postgres;

/// <summary>
/// Tells a read what PostgreSQL has committed, as of a moment after the read began, in one round trip
/// shared by every read waiting at the time. The answer is a snapshot (<c>pg_current_snapshot()</c>:
/// xmin, xmax and the transactions in progress). Two equal snapshots see exactly the same data, and a
/// snapshot never comes back once it has changed: every commit of a transaction that wrote, in any
/// database of the cluster and by any node, either removes its id from the in-progress list or moves
/// xmax past it (xmax is the newest completed id plus one, and only grows). PostgreSQL acknowledges a
/// commit only after it is visible to new snapshots, so a check sent after a read began reflects every
/// write acknowledged before it, on this node or any other.
/// </summary>
/// <remarks>
/// One check is in flight at a time. A read joins the next check to be sent, never one already sent (its
/// snapshot may predate the read), so under load a read waits at most for the check in flight and then
/// its own; under 32 clients one check serves many reads, where each read's own query was a round trip
/// and a backend's work (bench/README).
/// </remarks>
/// <param name="check">Takes a snapshot now (<see cref="SnapshotAsync"/>; tests pass their own to hold one in flight).</param>
internal sealed class PostgresCommitCheck(Func<Task<string?>> check, DatabaseHealth health)
{
    /// <summary>The query's text; a read that wants its answer filed selects the same expression, in its own statement.</summary>
    public const string SnapshotExpression = "pg_current_snapshot()::text";

    private readonly Lock gate = new();
    private TaskCompletionSource<Snapshot?> next = NewCheck();
    private bool wanted;
    private bool sending;
    private string? latest;

    /// <summary>The snapshot the last check saw (null if it failed or none has run).</summary>
    public Snapshot? Latest => Volatile.Read(ref latest) is { } text ? new Snapshot(text) : null;

    /// <summary>
    /// A snapshot taken after this call, or null when none can be had now (the database is not reachable:
    /// the read goes to storage and reports what it finds there).
    /// </summary>
    public Task<Snapshot?> NextAsync()
    {
        if (!health.IsReachable)
        {
            return Task.FromResult<Snapshot?>(null);
        }

        TaskCompletionSource<Snapshot?>? toSend;
        Task<Snapshot?> answer;
        lock (gate)
        {
            answer = next.Task;
            toSend = TakeWaiting(asked: true);
        }

        // Sent from the asking thread, outside the lock: no hop to another before the round trip.
        if (toSend is not null)
        {
            _ = SendAsync(toSend);
        }

        return answer;
    }

    /// <summary>
    /// Under the lock: the reads waiting, to be answered by a check sent now, if one may be sent; the reads
    /// that ask from then on wait for a later check, as this one's snapshot may be taken before they asked.
    /// </summary>
    private TaskCompletionSource<Snapshot?>? TakeWaiting(bool asked)
    {
        wanted |= asked;
        if (!wanted || sending)
        {
            return null;
        }

        wanted = false;
        sending = true;
        var waiting = next;
        next = NewCheck();
        return waiting;
    }

    private async Task SendAsync(TaskCompletionSource<Snapshot?> waiting)
    {
        while (true)
        {
            string? seen = null;
            try
            {
                seen = await check();
            }
            catch (Exception)
            {
                // Whatever went wrong, the reads waiting go to storage, which reports it to their callers;
                // a check that threw past here would leave them waiting for ever.
            }

            Volatile.Write(ref latest, seen);
            waiting.SetResult(seen is null ? null : new Snapshot(seen));
            lock (gate)
            {
                sending = false;
                if (TakeWaiting(asked: false) is not { } more)
                {
                    return;
                }

                waiting = more;
            }
        }
    }

    public static async Task<string?> SnapshotAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand($"SELECT {SnapshotExpression};");
        return (string?)await command.ExecuteScalarAsync();
    }

    private static TaskCompletionSource<Snapshot?> NewCheck() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A snapshot's text (xmin:xmax:in-progress ids); equal texts see the same committed data.</summary>
    internal readonly record struct Snapshot(string Text);
}
