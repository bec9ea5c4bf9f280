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
        Assert.Equal("3", await ScalarAsync(path, "PRAGMA user_version;"));
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

    private static IdempotencyClaim Claim(string token, string claimId, DateTimeOffset now, TimeSpan? lease = null) =>
        new(new IdempotencyKey(Scope, "RegisterConnector", token), "h", claimId, now, now + (lease ?? TimeSpan.FromSeconds(20)), now.AddHours(-8));

    private async Task<SqliteRegistryStore> OpenAsync(string name)
    {
        var store = Store(Path.Combine(directory, name));
        await store.InitializeAsync(CancellationToken.None);
        return store;
    }

    [Fact]
    public async Task Insert_refuses_a_taken_label_and_a_full_quota()
    {
        var store = await OpenAsync("rules.db");
        Assert.Equal(StoreWriteOutcome.Written, await store.InsertAsync(Registration("a"), 2, null, CancellationToken.None));
        Assert.Equal(StoreWriteOutcome.LabelExists, await store.InsertAsync(Registration("a"), 2, null, CancellationToken.None));
        Assert.Equal(StoreWriteOutcome.Written, await store.InsertAsync(Registration("b"), 2, null, CancellationToken.None));
        Assert.Equal(StoreWriteOutcome.QuotaExceeded, await store.InsertAsync(Registration("c"), 2, null, CancellationToken.None));
    }

    [Fact]
    public async Task The_token_is_decided_before_the_label_and_the_quota()
    {
        var store = await OpenAsync("token-first.db");
        var now = DateTimeOffset.UtcNow;
        var winner = Claim("t", "winner", now);
        Assert.Null(await store.ClaimTokenAsync(winner, CancellationToken.None));
        Assert.Equal(StoreWriteOutcome.Written, await store.InsertAsync(Registration("a"), 1, winner.Complete("arn-a"), CancellationToken.None));

        // A second call with the same token that still thinks it holds a claim: the label is taken and
        // the quota full, but the answer is that the token is not its own, so the ledger replays.
        Assert.Equal(StoreWriteOutcome.TokenTaken,
            await store.InsertAsync(Registration("a"), 1, Claim("t", "loser", now).Complete("arn-a"), CancellationToken.None));
        var record = await store.FindTokenAsync(winner.Key, CancellationToken.None);
        Assert.Equal((TokenState.Done, "arn-a"), (record!.State, record.Response));
    }

    [Fact]
    public async Task A_live_claim_holds_the_token_and_an_expired_lease_or_lifetime_frees_it()
    {
        var store = await OpenAsync("claims.db");
        var now = DateTimeOffset.UtcNow;
        Assert.Null(await store.ClaimTokenAsync(Claim("t", "first", now, TimeSpan.FromSeconds(5)), CancellationToken.None));
        var holder = await store.ClaimTokenAsync(Claim("t", "second", now.AddSeconds(4)), CancellationToken.None);
        Assert.Equal(TokenState.Pending, holder!.State);

        // Five seconds on the first claim's lease is over: it crashed or stalled, and the token is taken over.
        var third = Claim("t", "third", now.AddSeconds(5));
        Assert.Null(await store.ClaimTokenAsync(third, CancellationToken.None));
        Assert.Equal(StoreWriteOutcome.TokenTaken,
            await store.InsertAsync(Registration("late"), 10, Claim("t", "first", now).Complete("arn-late"), CancellationToken.None));
        Assert.Null(await store.FindAsync(Scope, "late", CancellationToken.None));

        Assert.Equal(StoreWriteOutcome.Written, await store.InsertAsync(Registration("b"), 10, third.Complete("arn-b"), CancellationToken.None));
        Assert.Equal(TokenState.Done, (await store.ClaimTokenAsync(Claim("t", "fourth", now.AddHours(7)), CancellationToken.None))!.State);
        Assert.Null(await store.ClaimTokenAsync(Claim("t", "fifth", now.AddHours(9)), CancellationToken.None));
    }

    [Fact]
    public async Task Releasing_removes_only_the_own_pending_claim()
    {
        var store = await OpenAsync("release.db");
        var now = DateTimeOffset.UtcNow;
        var claim = Claim("t", "mine", now);
        Assert.Null(await store.ClaimTokenAsync(claim, CancellationToken.None));
        await store.ReleaseTokenAsync(Claim("t", "someone-else", now), CancellationToken.None);
        Assert.NotNull(await store.FindTokenAsync(claim.Key, CancellationToken.None));
        await store.ReleaseTokenAsync(claim, CancellationToken.None);
        Assert.Null(await store.FindTokenAsync(claim.Key, CancellationToken.None));

        // A completed token is an outcome, not a claim: releasing never removes it.
        var done = Claim("u", "done", now);
        await store.ClaimTokenAsync(done, CancellationToken.None);
        await store.InsertAsync(Registration("c"), 10, done.Complete("arn-c"), CancellationToken.None);
        await store.ReleaseTokenAsync(done, CancellationToken.None);
        Assert.Equal(TokenState.Done, (await store.FindTokenAsync(done.Key, CancellationToken.None))!.State);
    }

    [Fact]
    public async Task Purging_spares_a_claim_older_than_the_cutoff_whose_lease_still_runs()
    {
        var store = await OpenAsync("purge.db");
        var now = DateTimeOffset.UtcNow;
        var running = Claim("running", "r", now.AddSeconds(-5), TimeSpan.FromSeconds(30));
        var stalled = Claim("stalled", "s", now.AddSeconds(-60), TimeSpan.FromSeconds(30));
        await store.ClaimTokenAsync(running, CancellationToken.None);
        await store.ClaimTokenAsync(stalled, CancellationToken.None);

        Assert.Equal(1, await store.PurgeTokensAsync(now.AddSeconds(-1), CancellationToken.None));
        Assert.NotNull(await store.FindTokenAsync(running.Key, CancellationToken.None));
        Assert.Null(await store.FindTokenAsync(stalled.Key, CancellationToken.None));
    }

    [Fact]
    public async Task Replace_writes_only_over_the_registration_and_revision_it_read()
    {
        var store = await OpenAsync("cas.db");
        var original = Registration("a") with { Description = "original" };
        await store.InsertAsync(original, 10, null, CancellationToken.None);
        var read = (await store.FindAsync(Scope, "a", CancellationToken.None))!;

        Assert.Equal(StoreWriteOutcome.Written, await store.ReplaceAsync(read with { Description = "first" }, null, CancellationToken.None));
        Assert.Equal(2, (await store.FindAsync(Scope, "a", CancellationToken.None))!.Revision);

        // A second writer that read revision 1 too changed nothing.
        Assert.Equal(StoreWriteOutcome.Stale, await store.ReplaceAsync(read with { Description = "second" }, null, CancellationToken.None));
        Assert.Equal("first", (await store.FindAsync(Scope, "a", CancellationToken.None))!.Description);

        // The label unregistered and registered again is another registration, even at revision 1.
        await store.DeleteAsync(Scope, "a", CancellationToken.None);
        var again = Registration("a") with { Description = "again" };
        await store.InsertAsync(again, 10, null, CancellationToken.None);
        Assert.Equal(StoreWriteOutcome.Stale, await store.ReplaceAsync(read with { Description = "third" }, null, CancellationToken.None));
        Assert.Equal("again", (await store.FindAsync(Scope, "a", CancellationToken.None))!.Description);

        await store.DeleteAsync(Scope, "a", CancellationToken.None);
        Assert.Equal(StoreWriteOutcome.NotFound, await store.ReplaceAsync(read, null, CancellationToken.None));
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

        var store = Store(path);
        await store.InitializeAsync(CancellationToken.None);
        var old = (await store.FindAsync(Scope, "old", CancellationToken.None))!;
        Assert.Equal(("kept", 1L, 32), (old.Description, old.Revision, old.Id.Length));
        Assert.Equal(StoreWriteOutcome.Written, await store.ReplaceAsync(old with { Description = "updated" }, null, CancellationToken.None));
        var token = (await store.FindTokenAsync(new IdempotencyKey(Scope, "RegisterConnector", "tok"), CancellationToken.None))!;
        Assert.Equal((TokenState.Done, "arn-old"), (token.State, token.Response));
    }
}
