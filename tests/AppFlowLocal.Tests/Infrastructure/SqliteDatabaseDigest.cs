using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace AppFlowLocal.Tests.Infrastructure;

/// <summary>
/// A hash of everything a server stores in its SQLite database, read through a read-only
/// connection of the test's own (WAL lets it read while the server writes). It knows no table:
/// it hashes the schema and every row of every table it finds in sqlite_master, in primary-key
/// order, so it keeps working when migrations add columns or tables.
/// </summary>
internal sealed class SqliteDatabaseDigest : DatabaseDigest
{
    private readonly SqliteConnection connection;

    public SqliteDatabaseDigest(string databasePath)
    {
        connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        connection.Open();
    }

    public override string Compute()
    {
        // One read transaction: every table from the same snapshot.
        using var transaction = connection.BeginTransaction(deferred: true);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var rows = 0;
        Append(hash, "user_version");
        AppendRows(hash, transaction, "PRAGMA user_version;");
        Append(hash, "schema");
        rows += AppendRows(hash, transaction, "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name;");
        foreach (var table in Tables(transaction))
        {
            Append(hash, "table " + table);
            var columns = Columns(transaction, table);
            var order = columns.Where(c => c.Key > 0).OrderBy(c => c.Key).Select(c => c.Name)

                // The whole row breaks ties, so a table without a primary key still hashes in a fixed order.
                .Concat(columns.Select(c => c.Name))
                .Select(Identifier);
            rows += AppendRows(hash, transaction,
                $"SELECT {string.Join(", ", columns.Select(c => Identifier(c.Name)))} FROM {Identifier(table)} ORDER BY {string.Join(", ", order)};");
        }

        transaction.Commit();
        LastRowCount = rows;
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    public override void Dispose() => connection.Dispose();

    private List<string> Tables(SqliteTransaction transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name;";
        using var reader = command.ExecuteReader();
        var tables = new List<string>();
        while (reader.Read())
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    private List<(string Name, long Key)> Columns(SqliteTransaction transaction, string table)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT name, pk FROM pragma_table_info($table) ORDER BY cid;";
        command.Parameters.AddWithValue("$table", table);
        using var reader = command.ExecuteReader();
        var columns = new List<(string, long)>();
        while (reader.Read())
        {
            columns.Add((reader.GetString(0), reader.GetInt64(1)));
        }

        return columns;
    }

    private int AppendRows(IncrementalHash hash, SqliteTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = 0;
        Span<byte> number = stackalloc byte[8];
        while (reader.Read())
        {
            rows++;
            hash.AppendData("R"u8);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                // Each value with its storage class and length, so no two different rows hash alike.
                var value = reader.GetValue(i);
                switch (value)
                {
                    case DBNull:
                        hash.AppendData("N"u8);
                        break;
                    case long integer:
                        hash.AppendData("I"u8);
                        BinaryPrimitives.WriteInt64LittleEndian(number, integer);
                        hash.AppendData(number);
                        break;
                    case double real:
                        hash.AppendData("F"u8);
                        BinaryPrimitives.WriteDoubleLittleEndian(number, real);
                        hash.AppendData(number);
                        break;
                    case string text:
                        hash.AppendData("T"u8);
                        AppendWithLength(hash, Encoding.UTF8.GetBytes(text));
                        break;
                    case byte[] blob:
                        hash.AppendData("B"u8);
                        AppendWithLength(hash, blob);
                        break;
                    default:
                        throw new InvalidOperationException($"Unexpected SQLite value {value.GetType()}.");
                }
            }
        }

        return rows;
    }

}
