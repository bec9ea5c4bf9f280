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

    private async Task<SqliteRegistryStore> InitializedAsync(string path)
    {
        var store = Store(path);
        await store.InitializeAsync(CancellationToken.None);
        return store;
    }

    private static ConnectorRegistration Registration(string label) => new(Scope, Guid.NewGuid().ToString("N"), 1, label, ConnectorRegistry.ArnOf(Scope, label), null, "LAMBDA",
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
        Assert.Equal("8", await ScalarAsync(path, "PRAGMA user_version;"));
    }

    [Fact]
    public async Task Reads_between_commits_are_answered_from_what_was_read_and_any_connections_commit_ends_that()
    {
        var path = Path.Combine(directory, "recent.db");
        var store = await InitializedAsync(path);
        Assert.Equal(StoreWriteOutcome.Written, await store.InsertAsync(Registration("a"), 10, null, null, CancellationToken.None));

        var found = await store.FindAsync(Scope, "a", CancellationToken.None);
        var listed = await store.ListAsync(Scope, null, 10, CancellationToken.None);
        Assert.Same(found, await store.FindAsync(Scope, "a", CancellationToken.None));
        Assert.Same(listed, await store.ListAsync(Scope, null, 10, CancellationToken.None));
        Assert.NotSame(listed, await store.ListAsync(Scope, null, 5, CancellationToken.None));

        // A commit by a connection that is no store's (another process's, as far as the store can tell).
        Assert.Equal("1", await ScalarAsync(path, "UPDATE connectors SET description = 'from elsewhere' WHERE label = 'a' RETURNING 1;"));
        Assert.Equal("from elsewhere", (await store.FindAsync(Scope, "a", CancellationToken.None))!.Description);
        Assert.Equal("from elsewhere", Assert.Single(await store.ListAsync(Scope, null, 10, CancellationToken.None)).Description);

        // And one that changes nothing a read returns still ends what was kept: any commit does.
        var kept = await store.FindAsync(Scope, "a", CancellationToken.None);
        Assert.Same(kept, await store.FindAsync(Scope, "a", CancellationToken.None));
        await ScalarAsync(path, "INSERT INTO server_secrets (name, value) VALUES ('unrelated', x'00') RETURNING 1;");
        Assert.NotSame(kept, await store.FindAsync(Scope, "a", CancellationToken.None));
    }

    [Fact]
    public async Task What_is_kept_between_commits_is_bounded_by_the_rows_it_holds_and_a_commit_starts_afresh()
    {
        var path = Path.Combine(directory, "bounded.db");
        var store = await InitializedAsync(path);
        using var watch = SqliteCommitWatch.Open(path)!;
        var recent = new RecentReads<SqliteCommitWatch.CommitMark>(watch.Look, maxRows: 10);
        RecentReads.ReadKey Page(string after) => new(Listing: true, Scope, after, 100);

        var mark = watch.Look();
        recent.Keep(mark, Page("a"), "eight rows", rows: 8);
        recent.Keep(mark, Page("b"), "five rows", rows: 5);
        Assert.True(recent.TryGet(watch.Look(), Page("a"), out var kept));
        Assert.Equal("eight rows", kept);
        Assert.False(recent.TryGet(watch.Look(), Page("b"), out _));

        Assert.Equal(StoreWriteOutcome.Written, await store.InsertAsync(Registration("a"), 10, null, null, CancellationToken.None));
        Assert.False(recent.TryGet(watch.Look(), Page("a"), out _));
        recent.Keep(watch.Look(), Page("b"), "five rows", rows: 5);
        Assert.True(recent.TryGet(watch.Look(), Page("b"), out _));

        // An answer read under an older mark is not kept under the new one.
        recent.Keep(mark, Page("c"), "stale", rows: 1);
        Assert.False(recent.TryGet(watch.Look(), Page("c"), out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData(":memory:")]
    public void A_temporary_or_in_memory_database_has_no_commit_watch(string dataSource)
    {
        Assert.False(SqliteCommitWatch.HasFile(dataSource));
        Assert.Null(SqliteCommitWatch.Open(dataSource));
    }

    [Fact]
    public async Task Starting_again_over_an_existing_database_keeps_its_data()
    {
        var path = Path.Combine(directory, "again.db");
        var store = await InitializedAsync(path);
        Assert.Equal(StoreWriteOutcome.Written, await store.InsertAsync(Registration("kept"), 10, null, null, CancellationToken.None));

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
    public async Task A_version_7_database_s_profiles_start_at_revision_1_and_update_from_there()
    {
        var path = Path.Combine(directory, "v7.db");
        await using (var current = await InitializedAsync(path))
        {
            await current.InsertAsync(Registration("crm"), 10, null, null, CancellationToken.None);
            var registration = (await current.FindAsync(Scope, "crm", CancellationToken.None))!;
            Assert.Equal(StoreWriteOutcome.Written,
                await current.InsertProfileAsync(RegistryStoreContractTests.Profile("p", "crm"), registration.Id, 10, null, CancellationToken.None));
        }

        SqliteConnection.ClearAllPools();
        await ScalarAsync(path, "ALTER TABLE connector_profiles DROP COLUMN revision; PRAGMA user_version = 7; SELECT 0;");

        await using var migrated = await InitializedAsync(path);
        var profile = Assert.Single(await migrated.ListProfilesAsync(Scope, null, null, null, 10, CancellationToken.None));
        Assert.Equal(1, profile.Revision);
        Assert.Equal(StoreWriteOutcome.Written, await migrated.UpdateProfileAsync(profile with { ConnectionMode = "Private" }, null, CancellationToken.None));
        Assert.Equal(StoreWriteOutcome.Stale, await migrated.UpdateProfileAsync(profile with { ConnectionMode = "Public" }, null, CancellationToken.None));
        var updated = Assert.Single(await migrated.ListProfilesAsync(Scope, null, null, null, 10, CancellationToken.None));
        Assert.Equal(("Private", 2L), (updated.ConnectionMode, updated.Revision));
    }

    [Fact]
    public async Task A_version_2_database_is_migrated_keeping_its_rows_with_identities_and_done_tokens()
    {
        var path = Path.Combine(directory, "v2.db");
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE connectors (account TEXT NOT NULL, region TEXT NOT NULL, label TEXT NOT NULL, arn TEXT NOT NULL,
                  description TEXT NULL, provisioning_type TEXT NOT NULL, lambda_arn TEXT NOT NULL, registered_at INTEGER NOT NULL,
                  registered_by TEXT NOT NULL, configuration TEXT NOT NULL, PRIMARY KEY (account, region, label)) WITHOUT ROWID;
                CREATE TABLE idempotency_tokens (account TEXT NOT NULL, region TEXT NOT NULL, operation TEXT NOT NULL, token TEXT NOT NULL,
                  request_hash TEXT NOT NULL, response TEXT NOT NULL, created_at INTEGER NOT NULL,
                  PRIMARY KEY (account, region, operation, token)) WITHOUT ROWID;
                CREATE INDEX idempotency_tokens_created_at ON idempotency_tokens (created_at);
                CREATE TABLE server_secrets (name TEXT NOT NULL PRIMARY KEY, value BLOB NOT NULL);
                CREATE INDEX connectors_scope ON connectors (account, region);
                INSERT INTO connectors VALUES ('123456789012', 'us-east-1', 'old', 'arn:aws:appflow:us-east-1:123456789012:connector/old', 'kept',
                  'LAMBDA', 'arn:aws:lambda:us-east-1:123456789012:function:f', 1700000000000, 'arn:aws:iam::123456789012:root',
                  '{"connectorName":"n","connectorVersion":"1","connectorModes":["SOURCE"]}');
                INSERT INTO idempotency_tokens VALUES ('123456789012', 'us-east-1', 'RegisterConnector', 'tok', 'h', 'arn-old', 1700000000000);
                PRAGMA user_version = 2;
                """;
            await command.ExecuteNonQueryAsync();
        }

        var store = await InitializedAsync(path);
        var old = (await store.FindAsync(Scope, "old", CancellationToken.None))!;
        Assert.Equal(("kept", 1L, 32), (old.Description, old.Revision, old.Id.Length));

        // The count the quota reads was taken from the rows already there, and follows later ones.
        Assert.Equal(1, await store.CountAsync(Scope, 100, CancellationToken.None));
        Assert.Equal(StoreWriteOutcome.Written, await store.DeleteAsync(Scope, "old", false, null, CancellationToken.None));
        Assert.Equal(0, await store.CountAsync(Scope, 100, CancellationToken.None));
        Assert.Equal(StoreWriteOutcome.Written, await store.InsertAsync(old, 100, null, null, CancellationToken.None));
        Assert.Equal(1, await store.CountAsync(Scope, 100, CancellationToken.None));
        Assert.Equal(StoreWriteOutcome.Written, await store.ReplaceAsync(old with { Description = "updated" }, null, null, CancellationToken.None));
        var token = (await store.FindTokenAsync(new IdempotencyKey(Scope, "RegisterConnector", "tok"), CancellationToken.None))!;
        Assert.Equal((TokenState.Done, "arn-old"), (token.State, token.Response));
    }
}
