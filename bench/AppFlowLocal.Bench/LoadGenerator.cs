using System.Diagnostics;

namespace AppFlowLocal.Bench;

/// <summary>Closed-loop load: <c>clients</c> workers, each starting its next operation when the last one finished.</summary>
internal static class LoadGenerator
{
    public static async Task<ScenarioResult> RunAsync(Scenario scenario, TimeSpan duration, int clients)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = TimeSpan.FromMinutes(30) };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
        long counter = 0;
        long failures = 0;
        var latencies = new List<double>[clients];
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, clients).Select(worker => Task.Run(async () =>
        {
            var mine = latencies[worker] = new List<double>(100_000);
            while (clock.Elapsed < duration)
            {
                var index = Interlocked.Increment(ref counter);
                var started = Stopwatch.GetTimestamp();
                var succeeded = await scenario.Step(client, index);
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (!succeeded)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);
        var elapsed = clock.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new ScenarioResult(scenario.Name, clients, all.Length, failures, elapsed, Percentile(all, 0.50), Percentile(all, 0.99));
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(p * sorted.Length))];
}
