using AppFlowLocal.Model;
using AppFlowLocal.Registry;
using AppFlowLocal.Storage;
using AppFlowLocal.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace AppFlowLocal.Tests.Storage;

public sealed class SqliteRegistryStoreTests : IDisposable
{
    private static readonly RegistryScope Scope = new("123456789012", "us-east-1");
    private readonly string directory = Directory.CreateTempSubdirectory("appflow-store-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    private SqliteRegistryStore Store(string path) => new(Options.Create(new StorageOptions { ConnectionString = path }));

    private static ConnectorRegistration Registration(string label) => new(Scope, label, ConnectorRegistry.ArnOf(Scope, label), null, "LAMBDA",
        "arn:aws:lambda:us-east-1:123456789012:function:f", DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123), "arn:aws:iam::123456789012:root",
        new ConnectorConfiguration { ConnectorName = "n", ConnectorVersion = "1", ConnectorModes = ["SOURCE"] });

    private static async Task<string> ScalarAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture)!;
    }

    [Fact]
    public async Task The_database_is_created_in_missing_folders_in_WAL_mode_at_the_current_schema()
    {
        var path = Path.Combine(directory, "nested", "deeper", "registry.db");
        await Store(path).InitializeAsync(CancellationToken.None);
        Assert.Equal("wal", await ScalarAsync(path, "PRAGMA journal_mode;"));
        Assert.Equal("2", await ScalarAsync(path, "PRAGMA user_version;"));
    }

    [Fact]
    public async Task Starting_again_over_an_existing_database_keeps_its_data()
    {
        var path = Path.Combine(directory, "again.db");
        var store = Store(path);
        await store.InitializeAsync(CancellationToken.None);
        Assert.Equal(StoreWriteOutcome.Written, await store.InsertAsync(Registration("kept"), 10, null, CancellationToken.None));

        var reopened = Store($"Data Source={path}");
        await reopened.InitializeAsync(CancellationToken.None);
        var found = await reopened.FindAsync(Scope, "kept", CancellationToken.None);
        Assert.NotNull(found);
        Assert.Equal(Registration("kept").RegisteredAt, found.RegisteredAt);
        Assert.Equal("n", found.Configuration.ConnectorName);
    }

    [Fact]
    public async Task A_database_from_a_newer_server_is_refused()
    {
        var path = Path.Combine(directory, "newer.db");
        await ScalarAsync(path, "PRAGMA user_version = 99;");
        var error = await Assert.ThrowsAsync<UnusableDatabaseException>(() => Store(path).InitializeAsync(CancellationToken.None));
        Assert.Contains("99", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Insert_refuses_a_taken_label_a_full_quota_and_a_live_token()
    {
        var store = Store(Path.Combine(directory, "rules.db"));
        await store.InitializeAsync(CancellationToken.None);
        var now = DateTimeOffset.UtcNow;
        var token = new TokenWrite(new IdempotencyRecord(new IdempotencyKey(Scope, "RegisterConnector", "t"), "h", "arn", now), now.AddHours(-8));

        Assert.Equal(StoreWriteOutcome.Written, await store.InsertAsync(Registration("a"), 2, token, CancellationToken.None));
        Assert.Equal(StoreWriteOutcome.LabelExists, await store.InsertAsync(Registration("a"), 2, null, CancellationToken.None));
        Assert.Equal(StoreWriteOutcome.TokenTaken, await store.InsertAsync(Registration("b"), 2, token, CancellationToken.None));
        Assert.Null(await store.FindAsync(Scope, "b", CancellationToken.None));
        Assert.Equal(StoreWriteOutcome.Written, await store.InsertAsync(Registration("b"), 2, null, CancellationToken.None));
        Assert.Equal(StoreWriteOutcome.QuotaExceeded, await store.InsertAsync(Registration("c"), 2, null, CancellationToken.None));
    }

    [Fact]
    public async Task An_expired_token_record_is_replaced_by_a_new_write()
    {
        var store = Store(Path.Combine(directory, "expired.db"));
        await store.InitializeAsync(CancellationToken.None);
        var key = new IdempotencyKey(Scope, "RegisterConnector", "t");
        var then = DateTimeOffset.UtcNow.AddHours(-9);
        await store.InsertAsync(Registration("a"), 10, new TokenWrite(new IdempotencyRecord(key, "old", "arn-a", then), then.AddHours(-8)), CancellationToken.None);
        var now = DateTimeOffset.UtcNow;
        Assert.Equal(StoreWriteOutcome.Written,
            await store.InsertAsync(Registration("b"), 10, new TokenWrite(new IdempotencyRecord(key, "new", "arn-b", now), now.AddHours(-8)), CancellationToken.None));
        Assert.Equal("arn-b", (await store.FindTokenAsync(key, now.AddHours(-8), CancellationToken.None))?.Response);
    }
}
