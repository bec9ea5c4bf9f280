using System.Data;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace AppFlowLocal.Tests.Infrastructure;

/// <summary>
/// <see cref="DatabaseDigest"/> over PostgreSQL: the public schema's columns and constraints, then
/// every row of every table as text, in one REPEATABLE READ snapshot. It knows no table either.
/// </summary>
internal sealed class PostgresDatabaseDigest : DatabaseDigest
{
    private readonly NpgsqlConnection connection;

    public PostgresDatabaseDigest(string connectionString)
    {
        connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        connection.Open();
    }

    public override string Compute()
    {
        using var transaction = connection.BeginTransaction(IsolationLevel.RepeatableRead);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var rows = 0;
        Append(hash, "schema");
        rows += AppendRows(hash, transaction,
            "SELECT table_name, column_name, data_type, is_nullable, coalesce(column_default, ''), coalesce(collation_name, '') " +
            "FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position;");
        rows += AppendRows(hash, transaction,
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint " +
            "WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2;");
        rows += AppendRows(hash, transaction, "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1;");
        foreach (var table in Tables(transaction))
        {
            Append(hash, "table " + table);

            // Each row as its text form: the whole row orders and hashes it, whatever the columns are.
            rows += AppendRows(hash, transaction, $"SELECT t::text FROM {Identifier(table)} t ORDER BY t::text COLLATE \"C\";");
        }

        transaction.Commit();
        LastRowCount = rows;
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    public override void Dispose() => connection.Dispose();

    private List<string> Tables(NpgsqlTransaction transaction)
    {
        using var command = new NpgsqlCommand("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename;", connection, transaction);
        using var reader = command.ExecuteReader();
        var tables = new List<string>();
        while (reader.Read())
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    private int AppendRows(IncrementalHash hash, NpgsqlTransaction transaction, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        using var reader = command.ExecuteReader();
        var rows = 0;
        while (reader.Read())
        {
            rows++;
            hash.AppendData("R"u8);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                if (reader.IsDBNull(i))
                {
                    hash.AppendData("N"u8);
                }
                else
                {
                    hash.AppendData("T"u8);
                    AppendWithLength(hash, Encoding.UTF8.GetBytes(reader.GetString(i)));
                }
            }
        }

        return rows;
    }
}
