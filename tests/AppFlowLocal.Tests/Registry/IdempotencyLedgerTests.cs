using AppFlowLocal.Model;
using AppFlowLocal.Registry;
using AppFlowLocal.Storage;
using AppFlowLocal.Storage.Sqlite;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AppFlowLocal.Tests.Registry;

/// <summary>
/// The ledger over the real SQLite store, with time under the test's control, both ways a ledger decides a token:
/// looking before it claims (SQLite's way) and claiming first (PostgreSQL's, <see cref="IRegistryStore.ClaimsBeforeLooking"/>).
/// </summary>
public abstract class IdempotencyLedgerTests : IAsyncLifetime
{
    public sealed class LookingFirst : IdempotencyLedgerTests
    {
        private protected override bool ClaimFirst => false;
    }

    public sealed class ClaimingFirst : IdempotencyLedgerTests
    {
        private protected override bool ClaimFirst => true;
    }

    private protected abstract bool ClaimFirst { get; }

    private static readonly RegistryScope Scope = new("123456789012", "us-east-1");
    private readonly string directory = Directory.CreateTempSubdirectory("appflow-ledger-").FullName;
    private readonly FakeTimeProvider time = new(DateTimeOffset.Parse("2026-11-23T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(20);
    private readonly RunningOperations operations = new();
    private SqliteRegistryStore store = null!;
    private IdempotencyLedger ledger = null!;

    public async Task InitializeAsync()
    {
        store = new SqliteRegistryStore(Options.Create(new StorageOptions { ConnectionString = Path.Combine(directory, "ledger.db") }));
        await store.InitializeAsync(CancellationToken.None);
        ledger = NewNode();
    }

    public async Task DisposeAsync()
    {
        await operations.DisposeAsync();
        await store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    /// <summary>Another ledger over the same store: what a second node over one database has (no shared memory).</summary>
    private IdempotencyLedger NewNode() =>
        new(store, operations, time, Options.Create(new RegistryOptions { IdempotencyLifetime = TimeSpan.FromHours(8) }), Fingerprints, ClaimFirst);

    /// <summary>Keyed with a key of the tests' own, as every node over one database is with the one Secrets:Key they share.</summary>
    internal static RequestFingerprints Fingerprints { get; } = new(new SecretSealer(
        Options.Create(new SecretsOptions { Key = Convert.ToBase64String(new byte[32]) }), Options.Create(new StorageOptions())));

    private Task<string> RunAsync(IdempotencyLedger on, string token, string hash, Func<IdempotencyClaim, Task<string>> work, CancellationToken cancellationToken = default) =>
        on.RunAsync(Key(token), hash, Lease, work, cancellationToken);

    private Task<string> RunAsync(string token, string hash, Func<IdempotencyClaim, Task<string>> work) => RunAsync(ledger, token, hash, work);

    private static IdempotencyKey Key(string token) => new(Scope, "RegisterConnector", token);

    /// <summary>An operation that writes a registration with its token, as the registry does, counting its runs.</summary>
    private Func<IdempotencyClaim, Task<string>> Work(string label, Action? onRun = null, Task? gate = null) => async claim =>
    {
        onRun?.Invoke();
        if (gate is not null)
        {
            await gate;
        }

        var registration = new ConnectorRegistration(Scope, Guid.NewGuid().ToString("N"), 1, label, ConnectorRegistry.ArnOf(Scope, label), null, "LAMBDA",
            "arn:aws:lambda:us-east-1:123456789012:function:f", time.GetUtcNow(), "arn:aws:iam::123456789012:root",
            new ConnectorConfiguration { ConnectorName = "n", ConnectorVersion = "1", ConnectorModes = ["SOURCE"] });
        var outcome = await store.InsertAsync(registration, 100, claim.Complete(registration.Arn), null, CancellationToken.None);
        return outcome switch
        {
            StoreWriteOutcome.Written => registration.Arn,
            StoreWriteOutcome.TokenTaken => throw new TokenTakenException(),
            _ => throw new AppFlowException(AwsErrorCode.ConflictException, $"store said {outcome}"),
        };
    };

    [Fact]
    public async Task Same_token_and_parameters_replays_the_first_response_without_running_again()
    {
        var runs = 0;
        var first = await RunAsync("t1", "hash-a", Work("a", () => runs++));
        var second = await RunAsync("t1", "hash-a", Work("other", () => runs++));
        Assert.Equal(first, second);
        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task Same_token_with_other_parameters_is_a_conflict_naming_the_token()
    {
        await RunAsync("t2", "hash-a", Work("b"));
        var error = await Assert.ThrowsAsync<AppFlowException>(() => RunAsync("t2", "hash-b", Work("c")));
        Assert.Equal(AwsErrorCode.ConflictException, error.Code);
        Assert.Contains("'t2'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_is_forgotten_after_its_lifetime()
    {
        await RunAsync("t3", "hash-a", Work("d"));
        time.Advance(TimeSpan.FromHours(8) + TimeSpan.FromSeconds(1));
        var arn = await RunAsync("t3", "hash-b", Work("e"));
        Assert.EndsWith("/e", arn, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_is_still_live_just_before_its_lifetime_ends()
    {
        await RunAsync("t4", "hash-a", Work("f"));
        time.Advance(TimeSpan.FromHours(8) - TimeSpan.FromSeconds(1));
        var error = await Assert.ThrowsAsync<AppFlowException>(() => RunAsync("t4", "hash-b", Work("g")));
        Assert.Equal(AwsErrorCode.ConflictException, error.Code);
    }

    [Fact]
    public async Task Failures_are_not_remembered_and_give_the_token_back()
    {
        await Assert.ThrowsAsync<AppFlowException>(() => RunAsync("t5", "hash-a",
            _ => throw new AppFlowException(AwsErrorCode.ConnectorServerException, "boom")));
        Assert.Null(await store.FindTokenAsync(Key("t5"), CancellationToken.None));
        var arn = await RunAsync("t5", "hash-a", Work("h"));
        Assert.EndsWith("/h", arn, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_calls_with_one_token_run_once_and_share_the_outcome()
    {
        var runs = 0;
        var release = new TaskCompletionSource();
        var calls = Enumerable.Range(0, 8).Select(_ => Task.Run(() => RunAsync("t6", "hash-a", Work("i", () => Interlocked.Increment(ref runs), release.Task)))).ToList();
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
        Func<IdempotencyClaim, Task<string>> failing = async _ =>
        {
            Interlocked.Increment(ref runs);
            await release.Task;
            throw new AppFlowException(AwsErrorCode.ConnectorServerException, "boom");
        };
        var calls = Enumerable.Range(0, 4).Select(_ => Task.Run(() => RunAsync("t7", "hash-a", failing))).ToList();
        await Task.Delay(200);
        release.SetResult();
        foreach (var call in calls)
        {
            await Assert.ThrowsAsync<AppFlowException>(() => call);
        }

        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task Concurrent_calls_with_one_token_on_two_nodes_run_once_and_the_other_node_replays()
    {
        var runs = 0;
        var release = new TaskCompletionSource();
        var other = NewNode();
        var first = Task.Run(() => RunAsync(ledger, "two-nodes", "hash-a", Work("m", () => Interlocked.Increment(ref runs), release.Task)));
        while (await store.FindTokenAsync(Key("two-nodes"), CancellationToken.None) is null)
        {
            await Task.Delay(10);
        }

        // The second node finds the claim in storage (it shares no memory with the first) and waits.
        var second = Task.Run(() => RunAsync(other, "two-nodes", "hash-a", Work("m", () => Interlocked.Increment(ref runs))));
        await Task.Delay(150);
        Assert.False(second.IsCompleted);
        release.SetResult();
        Assert.Equal(await first, await second);
        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task A_claim_whose_lease_ran_out_is_taken_over_and_its_late_write_is_refused()
    {
        // A node claimed the token and stalled (or crashed) past its lease.
        var now = time.GetUtcNow();
        var stalled = new IdempotencyClaim(Key("t9"), "hash-a", "stalled", now, now + TimeSpan.FromSeconds(5), now - TimeSpan.FromHours(8));
        Assert.Null(await store.ClaimTokenAsync(stalled, CancellationToken.None));
        time.Advance(TimeSpan.FromSeconds(6));

        var arn = await RunAsync("t9", "hash-a", Work("n"));
        Assert.EndsWith("/n", arn, StringComparison.Ordinal);

        // The stalled call's write comes too late: the token, checked first, is no longer its own.
        var late = new ConnectorRegistration(Scope, "late", 1, "late", ConnectorRegistry.ArnOf(Scope, "late"), null, "LAMBDA",
            "arn:aws:lambda:us-east-1:123456789012:function:f", now, "arn:aws:iam::123456789012:root",
            new ConnectorConfiguration { ConnectorName = "n", ConnectorVersion = "1", ConnectorModes = ["SOURCE"] });
        Assert.Equal(StoreWriteOutcome.TokenTaken, await store.InsertAsync(late, 100, stalled.Complete(late.Arn), null, CancellationToken.None));
        Assert.Null(await store.FindAsync(Scope, "late", CancellationToken.None));
    }

    [Fact]
    public async Task A_live_claim_of_another_node_is_waited_for_not_taken()
    {
        var now = time.GetUtcNow();
        var running = new IdempotencyClaim(Key("t10"), "hash-a", "running", now, now + TimeSpan.FromSeconds(30), now - TimeSpan.FromHours(8));
        Assert.Null(await store.ClaimTokenAsync(running, CancellationToken.None));
        using var patience = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var runs = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RunAsync(ledger, "t10", "hash-a", Work("o", () => runs++), patience.Token));
        Assert.Equal(0, runs);
    }

    [Fact]
    public async Task A_caller_that_stops_waiting_does_not_stop_the_call_and_its_retry_replays()
    {
        var release = new TaskCompletionSource();
        using var leaving = new CancellationTokenSource();
        var runs = 0;
        var abandoned = RunAsync(ledger, "t11", "hash-a", Work("p", () => runs++, release.Task), leaving.Token);
        await Task.Delay(100);
        await leaving.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);

        release.SetResult();
        var retried = await RunAsync("t11", "hash-a", Work("p", () => runs++));
        Assert.EndsWith("/p", retried, StringComparison.Ordinal);
        Assert.Equal(1, runs);
        Assert.NotNull(await store.FindAsync(Scope, "p", CancellationToken.None));
    }

    [Fact]
    public async Task A_token_is_decided_lately_on_the_node_where_a_call_with_it_succeeded()
    {
        Assert.False(ledger.DecidedLately(Key("t-lately")));

        await RunAsync("t-lately", "h", Work("lately"));
        await Assert.ThrowsAsync<AppFlowException>(() => RunAsync("t-failed", "h", _ => throw new AppFlowException(AwsErrorCode.ConnectorServerException, "no")));

        Assert.True(ledger.DecidedLately(Key("t-lately")));
        Assert.False(ledger.DecidedLately(Key("t-failed")));
        var other = NewNode();
        Assert.False(other.DecidedLately(Key("t-lately")));
        await RunAsync(other, "t-lately", "h", Work("lately"));
        Assert.True(other.DecidedLately(Key("t-lately")));
    }

    [Fact]
    public async Task Tokens_are_scoped_to_operation()
    {
        await RunAsync("t8", "hash-a", Work("j"));
        var arn = await ledger.RunAsync(new IdempotencyKey(Scope, "UpdateConnectorRegistration", "t8"), "hash-b", Lease, Work("j2"), CancellationToken.None);
        Assert.EndsWith("/j2", arn, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Purging_deletes_only_records_older_than_the_cutoff()
    {
        await RunAsync("old", "hash-a", Work("k"));
        time.Advance(TimeSpan.FromHours(1));
        await RunAsync("new", "hash-a", Work("l"));

        Assert.Equal(1, await store.PurgeTokensAsync(time.GetUtcNow() - TimeSpan.FromMinutes(30), 100, CancellationToken.None));
        Assert.Null(await store.FindTokenAsync(Key("old"), CancellationToken.None));
        Assert.NotNull(await store.FindTokenAsync(Key("new"), CancellationToken.None));
    }
}
