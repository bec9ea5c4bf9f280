using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace AppFlowLocal.Bench;

/// <summary>
/// The floor a registration is measured against: what any server must do for one, done directly by
/// the load generator with nothing around it: the Lambda stand-in's Invoke called over HTTP, then one
/// durable insert of a registration's row (the configuration the stand-in returned as its JSON text)
/// on the same storage, with the same durability: SQLite in WAL with synchronous=FULL, one writer at a
/// time (SQLite has one; queueing in-process spares it the busy-wait), or PostgreSQL with
/// synchronous_commit on. Each insert commits alone; AppFlow Local's group commit may beat the floor.
/// </summary>
internal sealed class WriteFloor : IAsyncDisposable
{
    private const string Table =
        "(account TEXT NOT NULL, region TEXT NOT NULL, label TEXT NOT NULL, registration_id TEXT NOT NULL, revision BIGINT NOT NULL, " +
        "arn TEXT NOT NULL, description TEXT, provisioning_type TEXT NOT NULL, lambda_arn TEXT NOT NULL, registered_at BIGINT NOT NULL, " +
        "registered_by TEXT NOT NULL, configuration TEXT NOT NULL, PRIMARY KEY (account, region, label))";

    private const string Insert =
        "INSERT INTO floor_connectors VALUES (@account, @region, @label, @id, 1, @arn, NULL, 'LAMBDA', @lambda, @at, @by, @configuration)";

    private readonly Func<Task<DbConnection>> open;
    private readonly SemaphoreSlim? oneWriter;
    private readonly NpgsqlDataSource? postgres;

    private WriteFloor(Func<Task<DbConnection>> open, SemaphoreSlim? oneWriter, NpgsqlDataSource? postgres)
    {
        this.open = open;
        this.oneWriter = oneWriter;
        this.postgres = postgres;
    }

    public static async Task<WriteFloor> SqliteAsync(string path)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 30 }.ToString();
        var floor = new WriteFloor(async () =>
        {
            var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync();
            await Execute(connection, "PRAGMA synchronous=FULL;");
            return connection;
        }, new SemaphoreSlim(1), null);
        await using var connection = await floor.open();
        await Execute(connection, "PRAGMA journal_mode=WAL;");
        await Execute(connection, $"DROP TABLE IF EXISTS floor_connectors; CREATE TABLE floor_connectors {Table};");
        return floor;
    }

    public static async Task<WriteFloor> PostgresAsync(string connectionString)
    {
        var source = NpgsqlDataSource.Create(connectionString);
        var floor = new WriteFloor(async () => await source.OpenConnectionAsync(), null, source);
        await using var connection = await floor.open();
        await Execute(connection, $"DROP TABLE IF EXISTS floor_connectors; CREATE TABLE floor_connectors {Table};");
        return floor;
    }

    public Scenario Scenario(string name, Uri standIn, string functionArn, string account)
    {
        var invoke = new Uri(standIn, $"/2015-03-31/functions/{Uri.EscapeDataString(functionArn)}/invocations");
        return new Scenario(name, async (client, index) =>
        {
            using var response = await client.PostAsync(invoke,
                new StringContent("""{"type":"DescribeConnectorConfigurationRequest","locale":"en-US"}""", Encoding.UTF8, "application/json"));
            var configuration = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
            {
                FirstFailure.Report(name, $"{(int)response.StatusCode} {configuration}");
                return false;
            }

            if (oneWriter is not null)
            {
                await oneWriter.WaitAsync();
            }

            try
            {
                await using var connection = await open();
                await using var command = connection.CreateCommand();
                command.CommandText = Insert;
                var label = $"floor-{Guid.NewGuid():N}";
                Bind(command, "account", account);
                Bind(command, "region", "us-east-1");
                Bind(command, "label", label);
                Bind(command, "id", Guid.NewGuid().ToString());
                Bind(command, "arn", $"arn:aws:appflow:us-east-1:{account}:connector/{label}");
                Bind(command, "lambda", functionArn);
                Bind(command, "at", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                Bind(command, "by", $"arn:aws:iam::{account}:root");
                Bind(command, "configuration", configuration);
                await command.ExecuteNonQueryAsync();
                return true;
            }
            finally
            {
                oneWriter?.Release();
            }
        });
    }

    public async ValueTask DisposeAsync()
    {
        oneWriter?.Dispose();
        if (postgres is not null)
        {
            await postgres.DisposeAsync();
        }
    }

    private static void Bind(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static async Task Execute(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
