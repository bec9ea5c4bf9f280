using System.Collections.Concurrent;

namespace AppFlowLocal.Bench;

/// <summary>Prints a scenario's first failure only: one refused request says why, ten thousand say nothing more.</summary>
internal static class FirstFailure
{
    private static readonly ConcurrentDictionary<string, bool> Reported = new();

    public static void Report(string scenario, string what)
    {
        if (Reported.TryAdd(scenario, true))
        {
            Console.Error.WriteLine($"{scenario}: {what}");
        }
    }
}
