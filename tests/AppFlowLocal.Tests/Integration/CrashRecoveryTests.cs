using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AppFlowLocal.Tests.Infrastructure;
using Xunit.Abstractions;
using Functions = AppFlowLocal.Tests.Infrastructure.LambdaStandInHost.Functions;

namespace AppFlowLocal.Tests.Integration;

public class CrashRecoveryFixture : ServerFixture
{
    protected override IEnumerable<string> Settings =>
    [
        "--Registry:MaxConnectorsPerAccount=1000000",

        // Every write must succeed until the kill, on a loaded machine too; and a retry of a call the crash
        // interrupted waits for its dead claim to lapse (Lambda:Timeout + 10 s), within the client's 60 s.
        "--Lambda:Timeout=00:00:20",
    ];

    /// <summary>The same fixture over PostgreSQL.</summary>
    public new sealed class OnPostgres : CrashRecoveryFixture
    {
        internal override bool UsesPostgres => true;
    }
}

/// <summary>
/// kill -9 at a random moment of concurrent registers and updates, then a restart over the same
/// database: every write acknowledged with 200 is there, and nothing is half-written. The moment is
/// counted in acknowledged writes, not in milliseconds, so a slow machine is tested as a fast one is:
/// each cycle's kill comes after a random number of them, with the other workers' calls in flight.
/// </summary>
public abstract class CrashRecoveryTests(CrashRecoveryFixture fixture, ITestOutputHelper output)
{
    private const int Cycles = 20;
    private const int Workers = 6;

    /// <summary>The most acknowledged writes a cycle waits for before its kill; at least one.</summary>
    private const int MostAcknowledgedBeforeKill = 24;

    /// <summary>Only for a server that stopped answering altogether: a cycle on a slow machine waits for its writes, however long they take.</summary>
    private static readonly TimeSpan Hung = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Every_acknowledged_register_and_update_survives_kill_9_at_a_random_moment_and_nothing_is_half_written()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("APPFLOW_CRASH_SEED"), CultureInfo.InvariantCulture, out var given) ? given : Random.Shared.Next();
        var random = new Random(seed);
        var clock = Stopwatch.StartNew(); // Reported, never asserted: the time depends on the machine.
        var acknowledged = 0;
        var interrupted = 0;
        var cycles = new List<Cycle>();
        for (var number = 0; number < Cycles; number++)
        {
            var cycle = new Cycle(fixture.NewCaller().Account);
            cycles.Add(cycle);
            using var stop = new CancellationTokenSource();
            var client = fixture.Client;
            var workers = Enumerable.Range(0, Workers)
                .Select(worker => Task.Run(() => WorkAsync(new AppFlowCaller(client, cycle.Account), cycle, worker, stop.Token)))
                .ToList();
            var acknowledgedBeforeKill = random.Next(1, MostAcknowledgedBeforeKill + 1);
            var reached = cycle.Reached(acknowledgedBeforeKill);
            if (await Task.WhenAny(reached, Task.WhenAll(workers)).WaitAsync(Hung) != reached)
            {
                // Every worker stopped before that many writes were acknowledged: its failure is the story.
                await Task.WhenAll(workers);
                Assert.Fail($"seed {seed}, cycle {number}: the workers stopped after {cycle.Acknowledged} acknowledged writes");
            }

            await fixture.Server.CrashAsync();
            await stop.CancelAsync();
            await Task.WhenAll(workers);
            await fixture.StartServerAsync();

            var caller = new AppFlowCaller(fixture.Client, cycle.Account);
            var failures = await VerifyAsync(caller, cycle);
            Assert.True(failures.Count == 0, $"seed {seed}, cycle {number}:\n{string.Join('\n', failures)}");
            acknowledged += cycle.Acknowledged;
            interrupted += cycle.InFlight.Count;
        }

        // Crashes later on lost nothing acknowledged earlier either.
        foreach (var cycle in cycles)
        {
            var labels = await ListAsync(new AppFlowCaller(fixture.Client, cycle.Account));
            Assert.True(cycle.Stored.Keys.All(labels.Contains), $"seed {seed}: account {cycle.Account} lost acknowledged registrations");
        }

        // Retries of the calls a crash interrupted complete, once each: replayed if they had committed, run now if not.
        foreach (var cycle in cycles.TakeLast(3))
        {
            var caller = new AppFlowCaller(fixture.Client, cycle.Account);
            foreach (var call in cycle.InFlight.Values)
            {
                (await SendAsync(caller, call)).AssertOk();
                var description = (await caller.DescribeAsync(call.Label)).AssertOk().Json.GetProperty("connectorConfiguration").GetProperty("connectorDescription").GetString();
                Assert.Equal(call.Description, description);
            }
        }

        Assert.Equal("ok", await fixture.IntegrityAsync());
        output.WriteLine($"seed {seed}: {Cycles} crash cycles in {clock.Elapsed.TotalSeconds:0.0} s; {acknowledged} acknowledged writes all found; {interrupted} calls interrupted by a crash.");
        Assert.InRange(acknowledged, Cycles, int.MaxValue);
    }

    /// <summary>Registers new labels and updates acknowledged ones, each with a clientToken, until the server dies.</summary>
    private static async Task WorkAsync(AppFlowCaller caller, Cycle cycle, int worker, CancellationToken stop)
    {
        var mine = new List<string>();
        var random = new Random(worker);
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var register = mine.Count == 0 || random.Next(3) > 0;
            var label = register ? $"w{worker}-n{n}" : mine[random.Next(mine.Count)];
            var call = new Call(register, label, $"w{worker}-n{n}", $"token-w{worker}-n{n}");
            cycle.InFlight[call.Token] = call;
            AwsResponse response;
            try
            {
                response = await SendAsync(caller, call);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                // The server died with this call in flight: it may or may not have been written.
                return;
            }

            cycle.InFlight.TryRemove(call.Token, out _);
            response.AssertOk();
            cycle.Stored[label] = call.Description;
            cycle.Acknowledge();
            if (register)
            {
                mine.Add(label);
            }
        }
    }

    private static Task<AwsResponse> SendAsync(AppFlowCaller caller, Call call) => call.Register
        ? caller.RegisterAsync(call.Label, LambdaArn, call.Description, call.Token)
        : caller.UpdateAsync(call.Label, description: call.Description, clientToken: call.Token);

    private static string LambdaArn => $"arn:aws:lambda:us-east-1:{LambdaStandInHost.Account}:function:{Functions.SamplePython}";

    private static async Task<List<string>> VerifyAsync(AppFlowCaller caller, Cycle cycle)
    {
        var failures = new List<string>();
        var listed = await ListAsync(caller);
        foreach (var (label, description) in cycle.Stored)
        {
            var described = await caller.DescribeAsync(label);
            if (described.Status != System.Net.HttpStatusCode.OK)
            {
                failures.Add($"acknowledged {label} is gone: {described.Body}");
                continue;
            }

            var configuration = described.Json.GetProperty("connectorConfiguration");
            var stored = configuration.GetProperty("connectorDescription").GetString();

            // An update in flight at the crash may have committed: then its description is there instead.
            var interrupted = cycle.InFlight.Values.Where(c => c.Label == label).Select(c => c.Description);
            if (stored != description && !interrupted.Contains(stored))
            {
                failures.Add($"{label}: acknowledged description {description}, found {stored}");
            }

            if (configuration.GetProperty("connectorName").GetString() != "PythonSampleConnector"
                || configuration.GetProperty("connectorArn").GetString() != caller.ConnectorArn(label))
            {
                failures.Add($"{label} is half-written: {described.Body}");
            }
        }

        var possible = cycle.Stored.Keys.Concat(cycle.InFlight.Values.Where(c => c.Register).Select(c => c.Label)).ToHashSet();
        failures.AddRange(listed.Where(label => !possible.Contains(label)).Select(label => $"{label} exists but was never sent"));
        return failures;
    }

    private static async Task<HashSet<string>> ListAsync(AppFlowCaller caller)
    {
        var labels = new HashSet<string>();
        string? next = null;
        do
        {
            var page = (await caller.PostAsync("/list-connectors", Json.Object(("maxResults", 100), ("nextToken", next)))).AssertOk().Json;
            labels.UnionWith(page.GetProperty("connectors").EnumerateArray().Select(c => c.GetProperty("connectorLabel").GetString()!));
            next = page.TryGetProperty("nextToken", out var token) ? token.GetString() : null;
        }
        while (next is not null);
        return labels;
    }

    private sealed record Call(bool Register, string Label, string Description, string Token);

    private sealed class Cycle(string account)
    {
        private readonly List<(int Count, TaskCompletionSource Reached)> waits = [];
        private int acknowledged;

        public string Account { get; } = account;

        /// <summary>Label to the description its last acknowledged write gave it.</summary>
        public ConcurrentDictionary<string, string> Stored { get; } = new();

        /// <summary>Calls sent and not answered when the server died, by token.</summary>
        public ConcurrentDictionary<string, Call> InFlight { get; } = new();

        public int Acknowledged => Volatile.Read(ref acknowledged);

        /// <summary>Completes once <paramref name="count"/> writes of this cycle were acknowledged.</summary>
        public Task Reached(int count)
        {
            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (waits)
            {
                if (acknowledged >= count)
                {
                    return Task.CompletedTask;
                }

                waits.Add((count, reached));
            }

            return reached.Task;
        }

        public void Acknowledge()
        {
            lock (waits)
            {
                acknowledged++;
                foreach (var wait in waits.Where(wait => wait.Count <= acknowledged))
                {
                    wait.Reached.TrySetResult();
                }
            }
        }
    }

    /// <summary>On SQLite.</summary>
    public sealed class OnSqlite(CrashRecoveryFixture fixture, ITestOutputHelper output) : CrashRecoveryTests(fixture, output), IClassFixture<CrashRecoveryFixture>;

    /// <summary>On PostgreSQL.</summary>
    public sealed class OnPostgres(CrashRecoveryFixture.OnPostgres fixture, ITestOutputHelper output) : CrashRecoveryTests(fixture, output), IClassFixture<CrashRecoveryFixture.OnPostgres>;
}
