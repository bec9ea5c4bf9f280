using System.Threading.Channels;
using AppFlowLocal.Observability;
using Microsoft.Data.Sqlite;

namespace AppFlowLocal.Storage.Sqlite;

/// <summary>
/// Group commit: writes that arrive while a commit is on its way to the disk are queued and then
/// committed together, each in its own savepoint. One fsync then acknowledges a whole batch instead
/// of one registration, and a write is still answered only after its commit is durable, and only
/// while the file it went to is still the database at its path (the check given, before and after
/// each batch's commit: a few system calls per batch, against the batch's fsync).
/// </summary>
internal sealed class SqliteGroupCommit : IAsyncDisposable
{
    /// <summary>Bounds how long one batch holds the database's write lock.</summary>
    private const int MaxBatch = 64;

    private readonly Channel<PendingWrite> queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Func<CancellationToken, Task<SqliteConnection>> open;
    private readonly Action? ensureFileInPlace;
    private readonly Task loop;

    /// <param name="open">Opens a connection for writing.</param>
    /// <param name="ensureFileInPlace">Throws <see cref="DatabaseFileChangedException"/> when the file the connections write to is no longer the one at its path.</param>
    public SqliteGroupCommit(Func<CancellationToken, Task<SqliteConnection>> open, Action? ensureFileInPlace = null)
    {
        this.open = open;
        this.ensureFileInPlace = ensureFileInPlace;
        loop = Task.Run(RunAsync);
    }

    /// <summary>
    /// Runs <paramref name="write"/> inside the next batch's transaction. It returns its result and
    /// whether its changes stand; when they do not (or it throws) they are rolled back alone.
    /// </summary>
    /// <param name="durable">
    /// False for bookkeeping whose loss in a power cut harms nothing (a clientToken claim or its release:
    /// the call it belongs to was never acknowledged). A batch of only such writes commits without an
    /// fsync; the next durable commit's fsync carries them to the disk in order. A batch holding any
    /// durable write is committed durably, all of it.
    /// </param>
    public Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<(T Result, bool Keep)>> write, bool durable = true)
    {
        var pending = new PendingWrite<T>(write, durable);
        if (!queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(SqliteGroupCommit), "The store is shutting down.");
        }

        return pending.Task;
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await loop.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var batch = new List<PendingWrite>(MaxBatch);

        // One connection for as long as it works, its statements prepared once (SqlitePreparedStatements);
        // after a failure the next batch opens a new one.
        SqliteConnection? connection = null;
        try
        {
            while (await queue.Reader.WaitToReadAsync().ConfigureAwait(false))
            {
                batch.Clear();
                while (batch.Count < MaxBatch && queue.Reader.TryRead(out var pending))
                {
                    batch.Add(pending);
                }

                try
                {
                    // Before: nothing goes into a file that is no longer the database (reads on this node would
                    // see it), and no connection is opened, which would create an empty file at the path.
                    ensureFileInPlace?.Invoke();
                    if (connection is null)
                    {
                        connection = await open(CancellationToken.None).ConfigureAwait(false);
                        SqlitePreparedStatements.Keep(connection);
                    }

                    await CommitAsync(connection, batch).ConfigureAwait(false);

                    // After, before anything is acknowledged: the file may have gone while the commit went to it.
                    ensureFileInPlace?.Invoke();
                    AppFlowMetrics.BatchCommitted(batch.Count);
                    batch.ForEach(pending => pending.Publish());
                }
                catch (DatabaseFileChangedException e)
                {
                    // Every write of the batch is refused; the connection stays, as the file is what failed.
                    batch.ForEach(pending => pending.Fail(e));
                }
                catch (Exception e)
                {
                    // Nothing of the batch was committed: every write in it has failed.
                    batch.ForEach(pending => pending.Fail(e));
                    await CloseAsync(connection).ConfigureAwait(false);
                    connection = null;
                }
            }
        }
        finally
        {
            await CloseAsync(connection).ConfigureAwait(false);
        }
    }

    private static async Task CommitAsync(SqliteConnection connection, List<PendingWrite> batch)
    {
        var relaxed = !batch.Exists(pending => pending.Durable);
        if (relaxed)
        {
            await ExecuteAsync(connection, null, "PRAGMA synchronous=OFF;").ConfigureAwait(false);
        }

        try
        {
            await using var transaction = connection.BeginTransaction(deferred: false);

            // A batch of one needs no savepoint: the transaction is the write's own.
            var alone = batch.Count == 1;
            var kept = 0;
            foreach (var pending in batch)
            {
                if (!alone)
                {
                    await ExecuteAsync(connection, transaction, "SAVEPOINT write;").ConfigureAwait(false);
                }

                bool keep;
                try
                {
                    keep = await pending.ExecuteAsync(connection, transaction).ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    pending.Fail(e);
                    keep = false;
                }

                kept += keep ? 1 : 0;
                if (!alone)
                {
                    if (!keep)
                    {
                        await ExecuteAsync(connection, transaction, "ROLLBACK TO write;").ConfigureAwait(false);
                    }

                    await ExecuteAsync(connection, transaction, "RELEASE write;").ConfigureAwait(false);
                }
            }

            if (kept == 0)
            {
                await transaction.RollbackAsync().ConfigureAwait(false);
                return;
            }

            await transaction.CommitAsync().ConfigureAwait(false);
        }
        finally
        {
            if (relaxed)
            {
                // The connection stays: the next batch may hold a write that must reach the disk.
                await ExecuteAsync(connection, null, "PRAGMA synchronous=FULL;").ConfigureAwait(false);
            }
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        await using var command = SqlitePreparedStatements.Command(connection, transaction, sql, []);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    private static async Task CloseAsync(SqliteConnection? connection)
    {
        if (connection is not null)
        {
            SqlitePreparedStatements.Release(connection);
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private abstract class PendingWrite(bool durable)
    {
        public bool Durable { get; } = durable;

        public abstract Task<bool> ExecuteAsync(SqliteConnection connection, SqliteTransaction transaction);

        /// <summary>After the commit: hands the result (or the write's own failure) to the caller.</summary>
        public abstract void Publish();

        public abstract void Fail(Exception exception);
    }

    private sealed class PendingWrite<T>(Func<SqliteConnection, SqliteTransaction, Task<(T Result, bool Keep)>> write, bool durable)
        : PendingWrite(durable)
    {
        private readonly TaskCompletionSource<T> outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? result;

        public Task<T> Task => outcome.Task;

        public override async Task<bool> ExecuteAsync(SqliteConnection connection, SqliteTransaction transaction)
        {
            var (value, keep) = await write(connection, transaction).ConfigureAwait(false);
            result = value;
            return keep;
        }

        public override void Publish() => outcome.TrySetResult(result!);

        public override void Fail(Exception exception) => outcome.TrySetException(exception);
    }
}
