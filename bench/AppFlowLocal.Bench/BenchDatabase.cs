using Npgsql;

namespace AppFlowLocal.Bench;

/// <summary>
/// A PostgreSQL database of the run's own, on the server the bench was given, dropped when the run ends.
/// The write floor inserts into a table it creates for the run; the server's tables start empty for the
/// run too, so a registration is not measured against the rows every earlier run left behind (on the same
/// database a million of them made registrations a third slower, the floor untouched).
/// </summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    private readonly string administration;
    private readonly string? name;

    private BenchDatabase(string administration, string connectionString, string? name)
    {
        this.administration = administration;
        ConnectionString = connectionString;
        this.name = name;
    }

    /// <summary>What the run's server and floor connect with.</summary>
    public string ConnectionString { get; }

    /// <summary>
    /// A new database named for the run. Where the role may not create one, the given database as it is,
    /// with a line saying so: the run still works, its write figures carry whatever the database holds.
    /// </summary>
    public static async Task<BenchDatabase> CreateAsync(string connectionString, string runId)
    {
        var name = $"appflow_bench_{runId}";
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name};", connection);
            await command.ExecuteNonQueryAsync();
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            Console.Error.WriteLine($"AppFlowLocal.Bench: cannot create a database for the run ({e.MessageText}); using the given one as it is.");
            return new BenchDatabase(connectionString, connectionString, null);
        }

        var own = new NpgsqlConnectionStringBuilder(connectionString) { Database = name }.ConnectionString;
        return new BenchDatabase(connectionString, own, name);
    }

    public async ValueTask DisposeAsync()
    {
        if (name is null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(administration);
        await connection.OpenAsync();
        // FORCE: a server the run could not stop must not keep the database alive.
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE);", connection);
        await command.ExecuteNonQueryAsync();
    }
}
