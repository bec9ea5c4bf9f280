using System.Globalization;
using System.Text;

namespace AppFlowLocal.Bench;

/// <summary>
/// The matrix: every operation at each client count on each provider, each beside its baseline
/// measured in the same run on the same machine. Reads are measured against the ceiling (a bare
/// Kestrel app answering DescribeConnector's exact bytes), writes against the write floor (the Lambda
/// stand-in called directly plus one durable insert on the same storage). Absolute numbers move with
/// the machine; the ratios are what to compare between versions.
/// </summary>
internal static class BenchRun
{
    private const int UpdateTargets = 2048;
    private const string Ceiling = "ceiling";
    private const string Floor = "floor";

    public static async Task<int> RunAsync(BenchArguments arguments)
    {
        var smoke = arguments.Command == "smoke";
        var duration = TimeSpan.FromSeconds(arguments.Seconds);
        var warmUp = smoke ? TimeSpan.FromSeconds(0.2) : TimeSpan.FromSeconds(1);
        var runId = Guid.NewGuid().ToString("N")[..8];

        // Declared before the environment, so it is dropped after the servers using it have stopped.
        await using var database = arguments.Providers.Contains("postgres") ? await BenchDatabase.CreateAsync(arguments.Postgres!, runId) : null;
        await using var environment = await BenchEnvironment.StartAsync();
        var updateTargets = smoke ? 64 : UpdateTargets;

        var servers = new List<(string Provider, ServiceProcess Server, WriteFloor Floor)>();
        foreach (var provider in arguments.Providers)
        {
            var server = await environment.ServerAsync(provider, database?.ConnectionString);
            await environment.SeedAsync(server, "seed", 20);
            await environment.SeedAsync(server, "update", updateTargets);
            var floor = provider == "postgres"
                ? await WriteFloor.PostgresAsync(database!.ConnectionString)
                : await WriteFloor.SqliteAsync(Path.Combine(environment.Directory, "floor.db"));
            servers.Add((provider, server, floor));

            // The JIT compiles a method again, optimised, only after it has run for a while (tiered
            // compilation): every path of the server runs first, so what is measured is the steady state.
            var all = Scenarios(environment, server.Address, $"{runId}-warm", updateTargets).Select(s => s.Scenario).ToArray();
            await LoadGenerator.RunAsync(new Scenario("warm-up", (client, i) => all[(int)(i % all.Length)].Step(client, -i)),
                TimeSpan.FromSeconds(arguments.WarmUp), 8);
        }

        // The ceiling answers what DescribeConnector answered, byte for byte.
        byte[] describeBytes;
        using (var client = new HttpClient())
        {
            using var response = await client.SendAsync(environment.Post(servers[0].Server.Address, "/describe-connector", Describe));
            describeBytes = await response.Content.ReadAsByteArrayAsync();
            response.EnsureSuccessStatusCode();
        }

        var ceiling = await environment.CeilingAsync(describeBytes);
        var rows = new List<Row>();
        var warmed = new HashSet<string>();
        foreach (var clients in arguments.Clients)
        {
            var ceilingResult = await MeasureAsync(Scenario.Http(Ceiling, _ => environment.Post(ceiling.Address, "/describe-connector", Describe)), clients);
            rows.Add(new Row("-", ceilingResult, null, null));
            foreach (var (provider, server, writeFloor) in servers)
            {
                var floorResult = await MeasureAsync(writeFloor.Scenario(Floor, environment.StandIn.Address, environment.FunctionArn, environment.Account), clients);
                rows.Add(new Row(provider, floorResult, null, null));
                // Each client count writes its own labels and tokens: one count's registrations must not be the next one's conflicts or replays.
                foreach (var (scenario, baseline) in Scenarios(environment, server.Address, $"{runId}-c{clients}", updateTargets))
                {
                    if (arguments.Operations is { } only && !only.Any(o => scenario.Name.Contains(o, StringComparison.OrdinalIgnoreCase)))
                    {
                        continue;
                    }

                    var result = await MeasureAsync(scenario, clients, provider + scenario.Name);
                    rows.Add(new Row(provider, result, baseline == Ceiling ? ceilingResult : floorResult, baseline));
                }
            }
        }

        foreach (var (_, _, writeFloor) in servers)
        {
            await writeFloor.DisposeAsync();
        }

        Console.Write(Report(rows, arguments));
        return rows.Any(r => r.Result.Failures > 0) ? 1 : 0;

        async Task<ScenarioResult> MeasureAsync(Scenario scenario, int clients, string? key = null)
        {
            if (warmed.Add(key ?? scenario.Name))
            {
                // JIT, connection pools, page caches; negative indexes keep warm-up writes apart from measured ones.
                await LoadGenerator.RunAsync(scenario with { Step = (client, i) => scenario.Step(client, -i) }, warmUp, clients);
            }

            return await LoadGenerator.RunAsync(scenario, duration, clients);
        }
    }

    private const string Describe = """{"connectorType":"CustomConnector","connectorLabel":"seed-000007"}""";

    private static IEnumerable<(Scenario Scenario, string Baseline)> Scenarios(BenchEnvironment environment, Uri server, string runId, int updateTargets) =>
    [
        (Scenario.Http("DescribeConnector", _ => environment.Post(server, "/describe-connector", Describe)), Ceiling),
        (Scenario.Http("ListConnectors (page of 20)", _ => environment.Post(server, "/list-connectors", """{"maxResults":20}""")), Ceiling),
        (Scenario.Http("RegisterConnector replayed (same clientToken)", _ =>
            environment.Post(server, "/register-connector", environment.Register($"replay-{runId}", $"replay-{runId}"))), Ceiling),
        (Scenario.Http("RegisterConnector", i =>
            environment.Post(server, "/register-connector", environment.Register($"bench-{runId}-{i}", null))), Floor),

        // What the SDKs send: each call its own clientToken, claimed in storage before the invocation.
        (Scenario.Http("RegisterConnector, clientToken each (as SDKs)", i =>
            environment.Post(server, "/register-connector", environment.Register($"bench-{runId}-t{i}", $"bench-{runId}-t{i}"))), Floor),

        // Each update its own connector among the update targets, so concurrent updates never meet on one (a conflict).
        (Scenario.Http("UpdateConnectorRegistration", i =>
            environment.Post(server, "/update-connector-registration",
                $"{{\"connectorLabel\":\"update-{Math.Abs(i) % updateTargets:D6}\",\"description\":\"d{i}\"}}")), Floor),
    ];

    private static string Report(List<Row> rows, BenchArguments arguments)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{arguments.Seconds:0.#} s per scenario, clients {string.Join(",", arguments.Clients)}, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        text.AppendLine();
        text.AppendLine("| provider | operation | clients | req/s | p50 ms | p99 ms | baseline | baseline req/s | ratio | target |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---|---:|---:|---|");
        foreach (var row in rows)
        {
            var r = row.Result;
            var ratio = row.Baseline is null ? "" : (r.RequestsPerSecond / row.Baseline.RequestsPerSecond).ToString("0.00", CultureInfo.InvariantCulture);
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {row.Provider} | {r.Name} | {r.Clients} | {r.RequestsPerSecond:0} | {r.P50Milliseconds:0.00} | {r.P99Milliseconds:0.00} | {row.BaselineName ?? ""} | {row.Baseline?.RequestsPerSecond.ToString("0", CultureInfo.InvariantCulture) ?? ""} | {ratio} | {Target(row)} |");
        }

        var failures = rows.Where(r => r.Result.Failures > 0).ToList();
        foreach (var row in failures)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"FAILURES: {row.Provider} {row.Result.Name} at {row.Result.Clients} clients: {row.Result.Failures}");
        }

        return text.ToString();
    }

    /// <summary>Issue 14's targets, judged where they are set (32 clients for reads, every count for writes).</summary>
    private static string Target(Row row)
    {
        if (row.Baseline is null)
        {
            return "";
        }

        var ratio = row.Result.RequestsPerSecond / row.Baseline.RequestsPerSecond;
        var (goal, p99) = row.Result.Name switch
        {
            "DescribeConnector" => (0.8, 2.0),
            "ListConnectors (page of 20)" => (0.6, 2.0),
            "RegisterConnector" or "RegisterConnector, clientToken each (as SDKs)" or "UpdateConnectorRegistration" => (0.5, double.NaN),
            _ => (double.NaN, double.NaN),
        };
        if (double.IsNaN(goal) || (row.BaselineName == Ceiling && row.Result.Clients != 32))
        {
            return "";
        }

        var met = ratio >= goal && (double.IsNaN(p99) || row.Result.P99Milliseconds < p99);
        var p99Text = double.IsNaN(p99) ? "" : $", p99 < {p99:0} ms";
        return string.Create(CultureInfo.InvariantCulture, $"≥ {goal:0.0}{p99Text}: {(met ? "met" : "missed")}");
    }

    private sealed record Row(string Provider, ScenarioResult Result, ScenarioResult? Baseline, string? BaselineName);
}
