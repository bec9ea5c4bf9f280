using Microsoft.Data.Sqlite;
using Npgsql;

namespace AppFlowLocal.Tests.Infrastructure;

/// <summary>
/// One Lambda stand-in (a real HTTP server speaking the Invoke API) and one real server process
/// over a fresh database, shared by a test class. Tests isolate themselves by account. The database
/// is a SQLite file, or with <see cref="UsesPostgres"/> a new database on the test run's PostgreSQL
/// cluster: every fixture has a <c>OnPostgres</c> twin, and test classes run once with each.
/// </summary>
public class ServerFixture : IAsyncLifetime
{
    internal LambdaStandInHost StandIn { get; private set; } = null!;

    internal AppFlowServer Server { get; private set; } = null!;

    internal HttpClient Client { get; private set; } = null!;

    internal string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("appflow-local-").FullName;

    internal string DatabasePath => Path.Combine(Directory, "registry.db");

    /// <summary>The server's connection string when on PostgreSQL.</summary>
    internal string PostgresConnectionString { get; private set; } = "";

    internal PostgresCluster? Cluster { get; private set; }

    internal virtual bool UsesPostgres => false;

    /// <summary>Settings a fixture adds on top of the defaults below.</summary>
    protected virtual IEnumerable<string> Settings => [];

    internal IEnumerable<string> StorageArguments => UsesPostgres
        ? ["--Storage:Provider=Postgres", $"--Storage:ConnectionString={PostgresConnectionString}"]
        : [$"--Storage:ConnectionString=Data Source={DatabasePath}"];

    /// <summary>Environment variables the server process gets on top of the test process's own.</summary>
    protected virtual IReadOnlyDictionary<string, string> ServerEnvironment => new Dictionary<string, string>();

    /// <summary>What a fixture prepares once the Lambda stand-in runs and before the server starts.</summary>
    internal virtual Task BeforeServerStartsAsync() => Task.CompletedTask;

    internal IEnumerable<string> Arguments =>
    [
        .. StorageArguments,
        $"--Lambda:Endpoint={StandIn.Endpoint}",
        "--Lambda:AccessKeyId=AKIDAPPFLOWLOCAL",
        "--Lambda:SecretAccessKey=appflow-local-secret",
        // Long enough for a registration on a loaded 2-core machine (2 s timed out there); a test that needs a
        // timeout uses the stand-in's Slow function, which never answers within any test's Lambda:Timeout.
        "--Lambda:Timeout=00:00:15",
        .. Settings,
    ];

    internal AppFlowCaller NewCaller(string region = "us-east-1") => AppFlowCaller.InFreshAccount(Client, region);

    /// <summary>A digest of everything the server stores, whichever the provider.</summary>
    internal DatabaseDigest Digest() => UsesPostgres ? DatabaseDigest.OfPostgres(PostgresConnectionString) : DatabaseDigest.OfSqlite(DatabasePath);

    /// <summary>Runs a statement on the server's database behind its back (@name parameters); returns the rows changed.</summary>
    internal async Task<int> ExecuteSqlAsync(string sql, params (string Name, object Value)[] parameters)
    {
        if (UsesPostgres)
        {
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(PostgresConnectionString) { Pooling = false }.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue(name, value);
            }

            return await command.ExecuteNonQueryAsync();
        }

        await using var sqlite = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await sqlite.OpenAsync();
        await using var sqliteCommand = sqlite.CreateCommand();
        sqliteCommand.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            sqliteCommand.Parameters.AddWithValue("@" + name, value);
        }

        return await sqliteCommand.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// "ok", or what is inconsistent in the stored state: SQLite's integrity_check; on PostgreSQL (whose
    /// pages the server cannot tear) every scope's count (its counter row plus its shards) against the
    /// registrations it counts.
    /// </summary>
    internal async Task<string> IntegrityAsync()
    {
        if (UsesPostgres)
        {
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(PostgresConnectionString) { Pooling = false }.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "SELECT coalesce(string_agg(problem, '; '), 'ok') FROM (" +
                "SELECT format('%s/%s counts %s registrations but holds %s', s.account, s.region, s.n, coalesce(c.n, 0)) AS problem " +
                "FROM (SELECT account, region, sum(n) AS n FROM (SELECT account, region, connectors AS n FROM scope_counts " +
                "UNION ALL SELECT account, region, connectors FROM scope_count_shards) counted GROUP BY account, region) s " +
                "FULL JOIN (SELECT account, region, count(*) AS n FROM connectors GROUP BY account, region) c " +
                "ON s.account = c.account AND s.region = c.region WHERE coalesce(s.n, -1) <> coalesce(c.n, 0) " +
                "UNION ALL SELECT format('token %s is done without a response', token) FROM idempotency_tokens WHERE state = 'done' AND response = ''" +
                ") problems;", connection);
            return (string)(await command.ExecuteScalarAsync())!;
        }

        await using var sqlite = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        await sqlite.OpenAsync();
        await using var check = sqlite.CreateCommand();
        check.CommandText = "PRAGMA integrity_check;";
        return (string)(await check.ExecuteScalarAsync())!;
    }

    public async Task InitializeAsync()
    {
        if (UsesPostgres)
        {
            Cluster = await CreateClusterAsync();
            PostgresConnectionString = await Cluster.CreateDatabaseAsync();
        }

        StandIn = await LambdaStandInHost.StartAsync();
        await BeforeServerStartsAsync();
        await StartServerAsync();
    }

    /// <summary>The cluster to create this fixture's database on: the run's shared one unless a fixture needs its own.</summary>
    internal virtual Task<PostgresCluster> CreateClusterAsync() => PostgresCluster.Shared;

    /// <summary>Starts the server again over the same database (after a stop or a crash).</summary>
    internal async Task StartServerAsync()
    {
        Server = await AppFlowServer.StartAsync(Directory, Arguments, ServerEnvironment);
        Client?.Dispose();
        Client = Server.CreateClient();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        await StandIn.DisposeAsync();
        if (Cluster is not null)
        {
            await DisposeClusterAsync(Cluster);
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    /// <summary>Drops this fixture's database; a fixture with a cluster of its own removes the cluster.</summary>
    internal virtual Task DisposeClusterAsync(PostgresCluster cluster) => cluster.DropDatabaseAsync(PostgresConnectionString);

    /// <summary>The same server and settings over PostgreSQL.</summary>
    public sealed class OnPostgres : ServerFixture
    {
        internal override bool UsesPostgres => true;
    }
}
