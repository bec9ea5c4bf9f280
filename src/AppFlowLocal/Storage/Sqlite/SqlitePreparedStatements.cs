using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace AppFlowLocal.Storage.Sqlite;

/// <summary>
/// Prepared statements for the connections that live long (the writer's, the pooled readers'): Microsoft.Data.Sqlite
/// prepares a statement per command object, and a command per use compiled the same few SQL texts on every
/// request (about 115 µs of a registration's 330 µs in storage at 1 client; sqlite3RunParser at the top of
/// SQLite's share of a DescribeConnector). Commands made for other connections are ordinary.
/// </summary>
internal static class SqlitePreparedStatements
{
    private static readonly ConditionalWeakTable<SqliteConnection, Dictionary<string, KeptCommand>> Kept = [];

    /// <summary>From now on, commands on this connection are prepared once and kept until it is closed.</summary>
    public static void Keep(SqliteConnection connection) => Kept.AddOrUpdate(connection, new Dictionary<string, KeptCommand>(StringComparer.Ordinal));

    /// <summary>Disposes the connection's kept commands (before the connection itself is closed).</summary>
    public static void Release(SqliteConnection connection)
    {
        if (Kept.TryGetValue(connection, out var commands))
        {
            Kept.Remove(connection);
            foreach (var command in commands.Values)
            {
                command.Release();
            }
        }
    }

    /// <summary>
    /// A command for <paramref name="sql"/> on the connection in the transaction, its parameters bound. On a
    /// kept connection the same prepared command is handed out each time (a connection serves one caller at a
    /// time), and disposing it leaves it prepared.
    /// </summary>
    public static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, (string Name, object? Value)[] parameters)
    {
        SqliteCommand command;
        if (Kept.TryGetValue(connection, out var commands))
        {
            if (!commands.TryGetValue(sql, out var kept))
            {
                kept = new KeptCommand { Connection = connection, CommandText = sql };
                commands[sql] = kept;
            }

            kept.Parameters.Clear();
            command = kept;
        }
        else
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
        }

        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    /// <summary>A command whose disposal by the code that used it keeps it prepared for the next use.</summary>
    private sealed class KeptCommand : SqliteCommand
    {
        private bool released;

        public void Release()
        {
            released = true;
            Dispose();
        }

        protected override void Dispose(bool disposing)
        {
            if (released)
            {
                base.Dispose(disposing);
            }
        }
    }
}
