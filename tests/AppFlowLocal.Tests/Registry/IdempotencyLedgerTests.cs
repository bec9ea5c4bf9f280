using AppFlowLocal.Model;
using AppFlowLocal.Registry;
using AppFlowLocal.Storage;
using AppFlowLocal.Storage.Sqlite;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AppFlowLocal.Tests.Registry;

/// <summary>The ledger over the real SQLite store, with time under the test's control.</summary>
public sealed class IdempotencyLedgerTests : IAsyncLifetime
{
    private static readonly RegistryScope Scope = new("123456789012", "us-east-1");
    private readonly string directory = Directory.CreateTempSubdirectory("appflow-ledger-").FullName;
    private readonly FakeTimeProvider time = new(DateTimeOffset.Parse("2026-11-23T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private SqliteRegistryStore store = null!;
    private IdempotencyLedger ledger = null!;

    public async Task InitializeAsync()
    {
        store = new SqliteRegistryStore(Options.Create(new StorageOptions { ConnectionString = Path.Combine(directory, "ledger.db") }));
        await store.InitializeAsync(CancellationToken.None);
        ledger = new IdempotencyLedger(store, time, Options.Create(new RegistryOptions { IdempotencyLifetime = TimeSpan.FromHours(8) }));
    }

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
        return Task.CompletedTask;
    }

    private static IdempotencyKey Key(string token) => new(Scope, "RegisterConnector", token);

    /// <summary>An operation that writes a registration with its token, as the registry does, counting its runs.</summary>
    private Func<IdempotencyClaim, CancellationToken, Task<string>> Work(string label, Action? onRun = null) => async (claim, ct) =>
    {
        onRun?.Invoke();
        var registration = new ConnectorRegistration(Scope, label, ConnectorRegistry.ArnOf(Scope, label), null, "LAMBDA",
            "arn:aws:lambda:us-east-1:123456789012:function:f", time.GetUtcNow(), "arn:aws:iam::123456789012:root",
            new ConnectorConfiguration { ConnectorName = "n", ConnectorVersion = "1", ConnectorModes = ["SOURCE"] });
        var outcome = await store.InsertAsync(registration, 100, claim.Complete(registration.Arn), ct);
        return outcome == StoreWriteOutcome.Written ? registration.Arn : throw new TokenTakenException();
    };

    [Fact]
    public async Task Same_token_and_parameters_replays_the_first_response_without_running_again()
    {
        var runs = 0;
        var first = await ledger.RunAsync(Key("t1"), "hash-a", Work("a", () => runs++), CancellationToken.None);
        var second = await ledger.RunAsync(Key("t1"), "hash-a", Work("other", () => runs++), CancellationToken.None);
        Assert.Equal(first, second);
        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task Same_token_with_other_parameters_is_a_conflict_naming_the_token()
    {
        await ledger.RunAsync(Key("t2"), "hash-a", Work("b"), CancellationToken.None);
        var error = await Assert.ThrowsAsync<AppFlowException>(() => ledger.RunAsync(Key("t2"), "hash-b", Work("c"), CancellationToken.None));
        Assert.Equal(AwsErrorCode.ConflictException, error.Code);
        Assert.Contains("'t2'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_is_forgotten_after_its_lifetime()
    {
        await ledger.RunAsync(Key("t3"), "hash-a", Work("d"), CancellationToken.None);
        time.Advance(TimeSpan.FromHours(8) + TimeSpan.FromSeconds(1));
        var arn = await ledger.RunAsync(Key("t3"), "hash-b", Work("e"), CancellationToken.None);
        Assert.EndsWith("/e", arn, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_is_still_live_just_before_its_lifetime_ends()
    {
        await ledger.RunAsync(Key("t4"), "hash-a", Work("f"), CancellationToken.None);
        time.Advance(TimeSpan.FromHours(8) - TimeSpan.FromSeconds(1));
        var error = await Assert.ThrowsAsync<AppFlowException>(() => ledger.RunAsync(Key("t4"), "hash-b", Work("g"), CancellationToken.None));
        Assert.Equal(AwsErrorCode.ConflictException, error.Code);
    }

    [Fact]
    public async Task Failures_are_not_remembered()
    {
        await Assert.ThrowsAsync<AppFlowException>(() => ledger.RunAsync(Key("t5"), "hash-a",
            (_, _) => throw new AppFlowException(AwsErrorCode.ConnectorServerException, "boom"), CancellationToken.None));
        var arn = await ledger.RunAsync(Key("t5"), "hash-a", Work("h"), CancellationToken.None);
        Assert.EndsWith("/h", arn, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_calls_with_one_token_run_once_and_share_the_outcome()
    {
        var runs = 0;
        var release = new TaskCompletionSource();
        Func<IdempotencyClaim, CancellationToken, Task<string>> slow = async (claim, ct) =>
        {
            Interlocked.Increment(ref runs);
            await release.Task;
            return await Work("i")(claim, ct);
        };
        var calls = Enumerable.Range(0, 8).Select(_ => Task.Run(() => ledger.RunAsync(Key("t6"), "hash-a", slow, CancellationToken.None))).ToList();
        await Task.Delay(200);
        release.SetResult();
        var arns = await Task.WhenAll(calls);
        Assert.Equal(1, runs);
        Assert.Single(arns.Distinct());
    }

    [Fact]
    public async Task Concurrent_calls_share_a_failure_too()
    {
        var runs = 0;
        var release = new TaskCompletionSource();
        Func<IdempotencyClaim, CancellationToken, Task<string>> failing = async (_, _) =>
        {
            Interlocked.Increment(ref runs);
            await release.Task;
            throw new AppFlowException(AwsErrorCode.ConnectorServerException, "boom");
        };
        var calls = Enumerable.Range(0, 4).Select(_ => Task.Run(() => ledger.RunAsync(Key("t7"), "hash-a", failing, CancellationToken.None))).ToList();
        await Task.Delay(200);
        release.SetResult();
        foreach (var call in calls)
        {
            await Assert.ThrowsAsync<AppFlowException>(() => call);
        }

        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task Tokens_are_scoped_to_operation()
    {
        await ledger.RunAsync(Key("t8"), "hash-a", Work("j"), CancellationToken.None);
        var arn = await ledger.RunAsync(new IdempotencyKey(Scope, "UpdateConnectorRegistration", "t8"), "hash-b",
            (_, _) => Task.FromResult("updated"), CancellationToken.None);
        Assert.Equal("updated", arn);
    }

    [Fact]
    public async Task Purging_deletes_only_records_older_than_the_cutoff()
    {
        await ledger.RunAsync(Key("old"), "hash-a", Work("k"), CancellationToken.None);
        time.Advance(TimeSpan.FromHours(1));
        await ledger.RunAsync(Key("new"), "hash-a", Work("l"), CancellationToken.None);

        Assert.Equal(1, await store.PurgeTokensAsync(time.GetUtcNow() - TimeSpan.FromMinutes(30), CancellationToken.None));
        Assert.Null(await store.FindTokenAsync(Key("old"), DateTimeOffset.MinValue, CancellationToken.None));
        Assert.NotNull(await store.FindTokenAsync(Key("new"), DateTimeOffset.MinValue, CancellationToken.None));
    }
}
