using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace AppFlowLocal.Bench;

/// <summary>
/// Whether cost grows with the account: one account holding --connectors connectors beside another
/// holding 100 on the same server, DescribeConnector and a ListConnectors page in each (in alternating
/// slices, so drift falls on both), and a full ListConnectors walk of each (linear if the time per
/// connector is the same).
/// </summary>
internal static class ScaleRun
{
    private const int Small = 100;

    public static async Task<int> RunAsync(BenchArguments arguments)
    {
        await using var environment = await BenchEnvironment.StartAsync(arguments.Account);
        var smallAccount = (long.Parse(environment.Account, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture);
        var clients = arguments.Clients.Max();
        var duration = TimeSpan.FromSeconds(arguments.Seconds);
        Console.WriteLine($"| provider | measure | {Small} connectors | {arguments.Connectors} connectors | big / small |");
        Console.WriteLine("|---|---|---:|---:|---:|");
        foreach (var provider in arguments.Providers)
        {
            var server = await environment.ServerAsync(provider, arguments.Postgres);
            if (arguments.Account is null)
            {
                var seeding = Stopwatch.StartNew();
                await environment.SeedAsync(server, "c", Small, smallAccount, clients);
                await environment.SeedAsync(server, "c", arguments.Connectors, environment.Account, clients);
                Console.Error.WriteLine($"{provider}: seeded {arguments.Connectors + Small} connectors in account {environment.Account} and {Small} in {smallAccount} in {seeding.Elapsed.TotalSeconds:0} s (--account {environment.Account} measures them again)");
            }

            foreach (var (name, path, body) in new[]
            {
                ("DescribeConnector", "/describe-connector", """{"connectorType":"CustomConnector","connectorLabel":"c-000042"}"""),
                ("ListConnectors page of 20 (first)", "/list-connectors", """{"maxResults":20}"""),
            })
            {
                var small = Scenario.Http(name, _ => environment.Post(server.Address, path, body, smallAccount));
                var big = Scenario.Http(name, _ => environment.Post(server.Address, path, body));
                await LoadGenerator.RunAsync(small, TimeSpan.FromSeconds(1), clients);
                await LoadGenerator.RunAsync(big, TimeSpan.FromSeconds(1), clients);
                var smallParts = new List<ScenarioResult>();
                var bigParts = new List<ScenarioResult>();
                for (var round = 0; round < 4; round++)
                {
                    smallParts.Add(await LoadGenerator.RunAsync(small, duration / 4, clients));
                    bigParts.Add(await LoadGenerator.RunAsync(big, duration / 4, clients));
                }

                var smallRate = smallParts.Sum(p => p.Requests) / smallParts.Sum(p => p.Seconds);
                var bigRate = bigParts.Sum(p => p.Requests) / bigParts.Sum(p => p.Seconds);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {provider} | {name}, {clients} clients, req/s (p99 ms) | {smallRate:0} ({SigV4Run.Median(smallParts.Select(p => p.P99Milliseconds)):0.00}) | {bigRate:0} ({SigV4Run.Median(bigParts.Select(p => p.P99Milliseconds)):0.00}) | {bigRate / smallRate:0.00} |"));
            }

            var smallWalk = await WalkAsync(environment, server, smallAccount);
            var bigWalk = await WalkAsync(environment, server, environment.Account);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {provider} | full ListConnectors walk (pages of 100): connectors, s, µs per connector | {smallWalk.Count}, {smallWalk.Seconds:0.000}, {smallWalk.Seconds * 1e6 / smallWalk.Count:0} | {bigWalk.Count}, {bigWalk.Seconds:0.000}, {bigWalk.Seconds * 1e6 / bigWalk.Count:0} | {bigWalk.Seconds / bigWalk.Count / (smallWalk.Seconds / smallWalk.Count):0.00} |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {provider} | server RSS after the walk, MB | | {server.ResidentMegabytes():0} | |"));
        }

        return 0;
    }

    private static async Task<(int Count, double Seconds)> WalkAsync(BenchEnvironment environment, ServiceProcess server, string account)
    {
        using var client = new HttpClient();
        var clock = Stopwatch.StartNew();
        var count = 0;
        string? next = null;
        do
        {
            var body = next is null ? """{"maxResults":100}""" : $"{{\"maxResults\":100,\"nextToken\":{JsonSerializer.Serialize(next)}}}";
            using var response = await client.SendAsync(environment.Post(server.Address, "/list-connectors", body, account));
            response.EnsureSuccessStatusCode();
            using var page = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
            count += page.RootElement.GetProperty("connectors").GetArrayLength();
            next = page.RootElement.TryGetProperty("nextToken", out var token) ? token.GetString() : null;
        }
        while (next is not null);

        return (count, clock.Elapsed.TotalSeconds);
    }
}
