using System.Globalization;
using System.Text;

namespace AppFlowLocal.Bench;

/// <summary>
/// Measures AppFlow Local's operations under concurrent load and reports each as a ratio of a
/// baseline measured in the same run on the same machine: the Lambda stand-in answering an Invoke
/// call, a bare Kestrel application returning a connector configuration. The ratio says how much of
/// the framework's own speed each operation keeps; absolute numbers vary from machine to machine.
/// </summary>
internal static class BenchRun
{
    private const string Account = "123456789012";
    private const int UpdateTargets = 2048;
    private const string OpenDescribe = "SQLite: DescribeConnector, open (paired)";
    private const string SignedDescribe = "SQLite: DescribeConnector, sigv4 (paired, pre-signed)";
    private const int PairedRounds = 6;

    public static async Task<int> RunAsync(TimeSpan duration, int concurrency)
    {
        var root = FindRoot();
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var standInAssembly = Path.Combine(root, "samples", "LambdaStandIn", "bin", configuration, "net10.0", "LambdaStandIn.dll");
        var serverAssembly = Path.Combine(root, "src", "AppFlowLocal", "bin", configuration, "net10.0", "AppFlowLocal.dll");
        var directory = Directory.CreateTempSubdirectory("appflow-bench-").FullName;

        await using var standIn = await ServiceProcess.StartAsync(standInAssembly);
        var function = $"arn:aws:lambda:us-east-1:{Account}:function:python-sdk-connector";
        var baseline = new Scenario("baseline: Lambda stand-in Invoke", standIn.Address, _ =>
            Post(standIn.Address, $"/2015-03-31/functions/{Uri.EscapeDataString(function)}/invocations",
                """{"type":"DescribeConnectorConfigurationRequest","locale":"en-US"}"""));
        await LoadGenerator.RunAsync(baseline, TimeSpan.FromSeconds(1), concurrency);
        var results = new List<ScenarioResult> { await LoadGenerator.RunAsync(baseline, duration, concurrency) };

        // The same scenarios on each provider, in this run, against the same baseline.
        List<(string Provider, string[] Storage)> providers = [("SQLite", [$"--Storage:ConnectionString=Data Source={Path.Combine(directory, "bench.db")}"])];
        if (Environment.GetEnvironmentVariable("APPFLOW_BENCH_POSTGRES") is { Length: > 0 } postgres)
        {
            providers.Add(("PostgreSQL", ["--Storage:Provider=Postgres", $"--Storage:ConnectionString={postgres}"]));
        }

        foreach (var (provider, storage) in providers)
        {
            await using var server = await ServiceProcess.StartAsync(serverAssembly,
                [.. storage, $"--Lambda:Endpoint={standIn.Address}", "--Lambda:AccessKeyId=AKIDBENCH", "--Lambda:SecretAccessKey=bench",
                "--Registry:MaxConnectorsPerAccount=1000000"]);
            results.AddRange(await RunServerScenariosAsync(server, provider, function, duration, concurrency));
        }

        // The cost of sigv4: two servers alike but for Auth:Mode, measured in alternating slices so that
        // whatever else the machine does meanwhile (the load generator shares it) falls on both alike.
        // Requests are signed before the clock starts, so the client's signing is not in the figure.
        string[] lambda = [$"--Lambda:Endpoint={standIn.Address}", "--Lambda:AccessKeyId=AKIDBENCH", "--Lambda:SecretAccessKey=bench"];
        await using var openServer = await ServiceProcess.StartAsync(serverAssembly,
            [$"--Storage:ConnectionString=Data Source={Path.Combine(directory, "bench-open.db")}", .. lambda]);
        await using var signedServer = await ServiceProcess.StartAsync(serverAssembly,
            [$"--Storage:ConnectionString=Data Source={Path.Combine(directory, "bench-sigv4.db")}", .. lambda,
            "--Auth:Mode=sigv4", "--Auth:Credentials:0:AccessKeyId=AKIABENCH", "--Auth:Credentials:0:SecretAccessKey=bench-secret",
            $"--Auth:Credentials:0:AccountId={Account}", "--Auth:Credentials:0:UserName=bench"]);
        var signing = new PresignedRequests("AKIABENCH", "bench-secret", "us-east-1");
        using (var seed = new HttpClient())
        {
            using var opened = await seed.SendAsync(signing.Post(openServer.Address, "/register-connector", Register("seed-07", function, null)));
            using var signedSeed = await seed.SendAsync(signing.Post(signedServer.Address, "/register-connector", Register("seed-07", function, null)));
            opened.EnsureSuccessStatusCode();
            signedSeed.EnsureSuccessStatusCode();
        }

        const string describe = """{"connectorType":"CustomConnector","connectorLabel":"seed-07"}""";
        // The same signed requests to both, so the difference is the verification alone, not the bytes
        // of a longer request (open mode reads the same header for the account and ignores the signature).
        var open = new Scenario(OpenDescribe, openServer.Address, _ => signing.Post(openServer.Address, "/describe-connector", describe));
        var signed = new Scenario(SignedDescribe, signedServer.Address, _ => signing.Post(signedServer.Address, "/describe-connector", describe));
        results.AddRange(await PairedAsync(open, signed, duration, concurrency));

        Report(results, concurrency, duration);
        Directory.Delete(directory, recursive: true);
        return results.Any(r => r.Failures > 0) ? 1 : 0;
    }

    /// <summary>Both scenarios in <see cref="PairedRounds"/> alternating slices (ABBA...), totalled.</summary>
    private static async Task<ScenarioResult[]> PairedAsync(Scenario first, Scenario second, TimeSpan duration, int concurrency)
    {
        await LoadGenerator.RunAsync(first, TimeSpan.FromSeconds(1), concurrency);
        await LoadGenerator.RunAsync(second, TimeSpan.FromSeconds(1), concurrency);
        var slices = new List<ScenarioResult>[] { [], [] };
        var slice = duration / PairedRounds;
        for (var round = 0; round < PairedRounds; round++)
        {
            var order = round % 2 == 0 ? new[] { 0, 1 } : [1, 0];
            foreach (var which in order)
            {
                slices[which].Add(await LoadGenerator.RunAsync(which == 0 ? first : second, slice, concurrency));
            }
        }

        return [Total(first.Name, slices[0]), Total(second.Name, slices[1])];

        static ScenarioResult Total(string name, List<ScenarioResult> parts) => new(name,
            parts.Sum(p => p.Requests), parts.Sum(p => p.Failures), parts.Sum(p => p.Seconds),
            Median(parts.Select(p => p.P50Milliseconds)), Median(parts.Select(p => p.P99Milliseconds)));

        static double Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToList();
            return sorted[sorted.Count / 2];
        }
    }

    private static async Task<List<ScenarioResult>> RunServerScenariosAsync(ServiceProcess server, string provider, string function, TimeSpan duration, int concurrency)
    {
        var runId = Guid.NewGuid().ToString("N")[..8];

        // Reads need something to read: 20 registrations (one full ListConnectors page). Updates get
        // their own connectors, enough that concurrent updates never meet on one (that is a conflict).
        using (var seed = new HttpClient { BaseAddress = server.Address })
        {
            for (var i = 0; i < 20; i++)
            {
                using var response = await seed.SendAsync(Post(server.Address, "/register-connector", Register($"seed-{i:D2}", function, null)));
                response.EnsureSuccessStatusCode();
            }

            await Parallel.ForAsync(0, UpdateTargets, async (i, cancellationToken) =>
            {
                using var response = await seed.SendAsync(Post(server.Address, "/register-connector", Register($"update-{i:D4}", function, null)), cancellationToken);
                response.EnsureSuccessStatusCode();
            });
        }

        var scenarios = new[]
        {
            new Scenario($"{provider}: DescribeConnector", server.Address, _ =>
                Post(server.Address, "/describe-connector", """{"connectorType":"CustomConnector","connectorLabel":"seed-07"}""")),
            new Scenario($"{provider}: ListConnectors (20 per page)", server.Address, _ => Post(server.Address, "/list-connectors", "{}")),
            new Scenario($"{provider}: RegisterConnector replayed (same clientToken)", server.Address, _ =>
                Post(server.Address, "/register-connector", Register("seed-00-replay", function, "bench-replay-token"))),
            new Scenario($"{provider}: RegisterConnector (invoke + durable write)", server.Address, i =>
                Post(server.Address, "/register-connector", Register($"bench-{runId}-{i}", function, null))),

            // What the SDKs send: each call its own clientToken, claimed in storage before the invocation.
            new Scenario($"{provider}: RegisterConnector, new clientToken each (as SDKs)", server.Address, i =>
                Post(server.Address, "/register-connector", Register($"bench-{runId}-t{i}", function, $"bench-{runId}-t{i}"))),
            new Scenario($"{provider}: UpdateConnectorRegistration (invoke + CAS write)", server.Address, i =>
                Post(server.Address, "/update-connector-registration",
                    $"{{\"connectorLabel\":\"update-{Math.Abs(i) % UpdateTargets:D4}\",\"description\":\"d{i}\"}}")),
        };

        // Warm-up: JIT, connection pools, page caches.
        foreach (var scenario in scenarios)
        {
            await LoadGenerator.RunAsync(scenario with { NextRequest = i => scenario.NextRequest(-i) }, TimeSpan.FromSeconds(1), concurrency);
        }

        var results = new List<ScenarioResult>();
        foreach (var scenario in scenarios)
        {
            results.Add(await LoadGenerator.RunAsync(scenario, duration, concurrency));
        }

        return results;
    }

    private static void Report(List<ScenarioResult> results, int concurrency, TimeSpan duration)
    {
        var baseline = results[0];
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"concurrency {concurrency}, {duration.TotalSeconds:0} s per scenario, {Environment.ProcessorCount} cores");
        text.AppendLine(CultureInfo.InvariantCulture, $"{"scenario",-62} {"req/s",10} {"p50 ms",8} {"p99 ms",8} {"vs baseline",12} {"failures",9}");
        foreach (var r in results)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{r.Name,-62} {r.RequestsPerSecond,10:0} {r.P50Milliseconds,8:0.00} {r.P99Milliseconds,8:0.00} {r.RequestsPerSecond / baseline.RequestsPerSecond,11:0.00}x {r.Failures,9}");
        }

        var open = results.Single(r => r.Name == OpenDescribe);
        var signedResult = results.Single(r => r.Name == SignedDescribe);
        text.AppendLine(CultureInfo.InvariantCulture,
            $"sigv4 / open DescribeConnector: {signedResult.RequestsPerSecond / open.RequestsPerSecond:0.00}x req/s, p50 {signedResult.P50Milliseconds / open.P50Milliseconds:0.00}x");
        Console.Write(text.ToString());
    }

    private static string Register(string label, string function, string? token)
    {
        var tokenMember = token is null ? "" : $",\"clientToken\":\"{token}\"";
        return $"{{\"connectorLabel\":\"{label}\",\"connectorProvisioningConfig\":{{\"lambda\":{{\"lambdaArn\":\"{function}\"}}}}{tokenMember}}}";
    }

    private static HttpRequestMessage Post(Uri baseAddress, string path, string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseAddress, path)) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential={Account}/20261123/us-east-1/appflow/aws4_request, SignedHeaders=host, Signature=00");
        return request;
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AppFlowLocal.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Run the bench from inside the AppFlow Local checkout.");
    }
}
