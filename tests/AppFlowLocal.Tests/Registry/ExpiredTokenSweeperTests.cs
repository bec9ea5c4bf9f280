using AppFlowLocal.Registry;
using AppFlowLocal.Storage;
using AppFlowLocal.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AppFlowLocal.Tests.Registry;

/// <summary>The background sweep over the real SQLite store (batch bounds per provider are the store contract's).</summary>
public sealed class ExpiredTokenSweeperTests : IAsyncLifetime
{
    private static readonly RegistryScope Scope = new("123456789012", "us-east-1");
    private readonly string directory = Directory.CreateTempSubdirectory("appflow-sweeper-").FullName;
    private readonly FakeTimeProvider time = new(DateTimeOffset.Parse("2026-11-23T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private SqliteRegistryStore store = null!;

    public async Task InitializeAsync()
    {
        store = new SqliteRegistryStore(Options.Create(new StorageOptions { ConnectionString = Path.Combine(directory, "sweep.db") }));
        await store.InitializeAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    private async Task<long> RecordsAsync()
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(directory, "sweep.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM idempotency_tokens;";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task One_sweep_deletes_every_expired_record_in_several_small_batches_and_keeps_the_live_ones()
    {
        var old = time.GetUtcNow().AddHours(-10);
        var expired = Enumerable.Range(0, ExpiredTokenSweeper.Batch * 2 + 7)
            .Select(i => new IdempotencyClaim(new IdempotencyKey(Scope, "RegisterConnector", $"old-{i}"), "h", $"c{i}", old, old.AddSeconds(20), old.AddHours(-8)))
            .ToList();
        await Task.WhenAll(expired.Select(claim => store.ClaimTokenAsync(claim, CancellationToken.None)));
        var now = time.GetUtcNow();
        var live = new IdempotencyClaim(new IdempotencyKey(Scope, "RegisterConnector", "live"), "h", "live", now, now.AddSeconds(20), now.AddHours(-8));
        await store.ClaimTokenAsync(live, CancellationToken.None);

        using var sweeper = new ExpiredTokenSweeper(store, time, Options.Create(new RegistryOptions()), NullLogger<ExpiredTokenSweeper>.Instance);
        await sweeper.StartAsync(CancellationToken.None);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await RecordsAsync() > 1 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        await sweeper.StopAsync(CancellationToken.None);
        foreach (var claim in expired)
        {
            Assert.Null(await store.FindTokenAsync(claim.Key, CancellationToken.None));
        }

        Assert.NotNull(await store.FindTokenAsync(live.Key, CancellationToken.None));
    }
}
