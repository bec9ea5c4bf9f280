using System.Diagnostics;
using System.Globalization;

namespace AppFlowLocal.Bench;

/// <summary>
/// Memory over time: a mixed load (seven describes, two lists, one write in ten: registrations and updates by turns) for --minutes against one
/// server, its resident set printed every minute. Flat is the goal: nothing kept per request grows.
/// </summary>
internal static class SoakRun
{
    public static async Task<int> RunAsync(BenchArguments arguments)
    {
        await using var environment = await BenchEnvironment.StartAsync();
        var clients = arguments.Clients.Max();
        foreach (var provider in arguments.Providers)
        {
            var server = await environment.ServerAsync(provider, arguments.Postgres);
            await environment.SeedAsync(server, "soak", 200);
            await environment.SeedAsync(server, "soak-update", 2000);
            var runId = Guid.NewGuid().ToString("N")[..8];
            var mixed = Scenario.Http("mixed", i => (Math.Abs(i) % 10) switch
            {
                < 7 => environment.Post(server.Address, "/describe-connector", $"{{\"connectorType\":\"CustomConnector\",\"connectorLabel\":\"soak-{Math.Abs(i) % 200:D6}\"}}"),
                < 9 => environment.Post(server.Address, "/list-connectors", """{"maxResults":20}"""),
                _ when Math.Abs(i) % 20 == 9 => environment.Post(server.Address, "/register-connector", environment.Register($"soak-{runId}-{i}", $"soak-{runId}-{i}")),

                // One update in every 20 requests, each on the next of 2,000 connectors: two never meet on one (a conflict).
                _ => environment.Post(server.Address, "/update-connector-registration",
                    $"{{\"connectorLabel\":\"soak-update-{Math.Abs(i) / 20 % 2000:D6}\",\"description\":\"d{i}\"}}"),
            });
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{provider}: minute 0 (idle after seeding): RSS {server.ResidentMegabytes():0} MB"));
            var clock = Stopwatch.StartNew();
            var failures = 0L;
            for (var minute = 1; minute <= Math.Ceiling(arguments.Minutes); minute++)
            {
                var left = TimeSpan.FromMinutes(Math.Min(minute, arguments.Minutes)) - clock.Elapsed;
                var result = await LoadGenerator.RunAsync(mixed, left, clients);
                failures += result.Failures;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{provider}: minute {minute}: RSS {server.ResidentMegabytes():0} MB, {result.RequestsPerSecond:0} req/s, p99 {result.P99Milliseconds:0.00} ms, failures {result.Failures}"));
            }

            if (failures > 0)
            {
                return 1;
            }
        }

        return 0;
    }
}
