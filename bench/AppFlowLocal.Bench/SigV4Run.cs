using System.Globalization;

namespace AppFlowLocal.Bench;

/// <summary>
/// The cost of sigv4: two servers alike but for Auth:Mode, given byte-identical pre-signed requests
/// (open mode reads the same Authorization header for the account and ignores the signature), in
/// alternating slices so that whatever else the machine does meanwhile falls on both alike. Requests
/// are signed before the clock starts, so the client's signing is not in the figure.
/// </summary>
internal static class SigV4Run
{
    private const int PairedRounds = 6;

    public static async Task<int> RunAsync(BenchArguments arguments)
    {
        await using var environment = await BenchEnvironment.StartAsync();
        var open = await environment.ServerAsync("sqlite", null);
        var signed = await environment.ServerAsync("sqlite", null,
            "--Auth:Mode=sigv4", "--Auth:Credentials:0:AccessKeyId=AKIABENCH", "--Auth:Credentials:0:SecretAccessKey=bench-secret",
            $"--Auth:Credentials:0:AccountId={environment.Account}", "--Auth:Credentials:0:UserName=bench");
        var signing = new PresignedRequests("AKIABENCH", "bench-secret", "us-east-1");
        using (var seed = new HttpClient())
        {
            foreach (var server in new[] { open, signed })
            {
                using var response = await seed.SendAsync(signing.Post(server.Address, "/register-connector", environment.Register("seed-07", null)));
                response.EnsureSuccessStatusCode();
            }
        }

        const string describe = """{"connectorType":"CustomConnector","connectorLabel":"seed-07"}""";
        var failed = false;
        foreach (var clients in arguments.Clients)
        {
            var (first, second) = await PairedAsync(
                Scenario.Http("DescribeConnector, open", _ => signing.Post(open.Address, "/describe-connector", describe)),
                Scenario.Http("DescribeConnector, sigv4", _ => signing.Post(signed.Address, "/describe-connector", describe)),
                TimeSpan.FromSeconds(arguments.Seconds), clients);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{clients} clients: open {first.RequestsPerSecond:0} req/s (p50 {first.P50Milliseconds:0.00} ms), sigv4 {second.RequestsPerSecond:0} req/s (p50 {second.P50Milliseconds:0.00} ms): sigv4 / open {second.RequestsPerSecond / first.RequestsPerSecond:0.00}x"));
            failed |= first.Failures + second.Failures > 0;
        }

        return failed ? 1 : 0;
    }

    /// <summary>Both scenarios in <see cref="PairedRounds"/> alternating slices (ABBA...), totalled.</summary>
    private static async Task<(ScenarioResult, ScenarioResult)> PairedAsync(Scenario first, Scenario second, TimeSpan duration, int clients)
    {
        await LoadGenerator.RunAsync(first, TimeSpan.FromSeconds(1), clients);
        await LoadGenerator.RunAsync(second, TimeSpan.FromSeconds(1), clients);
        var slices = new List<ScenarioResult>[] { [], [] };
        var slice = duration / PairedRounds;
        for (var round = 0; round < PairedRounds; round++)
        {
            foreach (var which in round % 2 == 0 ? new[] { 0, 1 } : [1, 0])
            {
                slices[which].Add(await LoadGenerator.RunAsync(which == 0 ? first : second, slice, clients));
            }
        }

        return (Total(first.Name, slices[0]), Total(second.Name, slices[1]));

        static ScenarioResult Total(string name, List<ScenarioResult> parts) => new(name, parts[0].Clients,
            parts.Sum(p => p.Requests), parts.Sum(p => p.Failures), parts.Sum(p => p.Seconds),
            Median(parts.Select(p => p.P50Milliseconds)), Median(parts.Select(p => p.P99Milliseconds)));
    }

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
