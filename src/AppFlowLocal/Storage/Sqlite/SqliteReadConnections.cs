using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace AppFlowLocal.Storage.Sqlite;

/// <summary>
/// Open connections for the hot reads, each keeping its statements prepared. Microsoft.Data.Sqlite
/// prepares a statement per command object, and a command per query compiled the same SQL text on
/// every DescribeConnector (sqlite3RunParser was the top of SQLite's share of a profile). A statement
/// never pins a snapshot between uses: each execution starts its own read transaction, so a reader
/// sees every commit made before it, by this node's writer or any other process.
/// </summary>
internal sealed class SqliteReadConnections(string connectionString) : IDisposable
{
    // More than the cores: a reader waits on the file system now and then. Beyond this, connections are closed after use.
    private static readonly int MaxIdle = Math.Max(8, Environment.ProcessorCount * 4);

    private readonly ConcurrentBag<Lease> idle = [];
    private int idleCount;
    private bool disposed;

    public async ValueTask<Lease> RentAsync(CancellationToken cancellationToken)
    {
        if (idle.TryTake(out var lease))
        {
            Interlocked.Decrement(ref idleCount);
            return lease;
        }

        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return new Lease(this, connection);
    }

    public void Dispose()
    {
        disposed = true;
        while (idle.TryTake(out var lease))
        {
            lease.Close();
        }
    }

    private void Return(Lease lease)
    {
        if (disposed || Interlocked.Increment(ref idleCount) > MaxIdle)
        {
            Interlocked.Decrement(ref idleCount);
            lease.Close();
            return;
        }

        idle.Add(lease);
    }

    /// <summary>A connection lent to one read; disposing it gives it back.</summary>
    public sealed class Lease : IDisposable
    {
        private readonly SqliteReadConnections owner;
        private readonly SqliteConnection connection;
        private bool broken;

        public Lease(SqliteReadConnections owner, SqliteConnection connection)
        {
            (this.owner, this.connection) = (owner, connection);
            SqlitePreparedStatements.Keep(connection);
        }

        /// <summary>The SQL's prepared command with these parameters bound; it stays with the connection.</summary>
        public SqliteCommand Command(string sql, params (string Name, object? Value)[] parameters) =>
            SqlitePreparedStatements.Command(connection, null, sql, parameters);

        /// <summary>Marks the connection as not to be reused (a read failed on it).</summary>
        public void Discard() => broken = true;

        public void Dispose()
        {
            if (broken)
            {
                Close();
            }
            else
            {
                owner.Return(this);
            }
        }

        internal void Close()
        {
            SqlitePreparedStatements.Release(connection);
            connection.Dispose();
        }
    }
}
