using System.Globalization;

namespace AppFlowLocal.Bench;

/// <summary>The bench's command line: a command, then options; anything it cannot read is a usage error, not a crash.</summary>
internal sealed record BenchArguments(
    string Command,
    double Seconds,
    int[] Clients,
    string[] Providers,
    string? Postgres,
    int Connectors,
    double Minutes,
    string? Aot,
    string? Account,
    string[]? Operations = null,
    double WarmUp = 10)
{
    public const string Usage = """
        Usage: AppFlowLocal.Bench [command] [options]

        Commands:
          matrix    (default) every operation at each client count on each provider, with its baseline:
                    the ceiling (a bare Kestrel app answering DescribeConnector's exact bytes) for reads,
                    the write floor (Lambda stand-in called directly + one durable insert) for writes
          scale     DescribeConnector and a ListConnectors page with --connectors in one account beside
                    100 in another, and a full ListConnectors walk of each
          soak      a mixed load for --minutes; the server's RSS every minute
          startup   process start to first answered request, and idle RSS, for the JIT build and
                    (with --aot) a Native AOT publish
          sigv4     DescribeConnector on two servers alike but for Auth:Mode, in alternating slices
          smoke     the matrix at 1 client, SQLite only, a fraction of a second per scenario (CI)

        Options:
          --seconds N         seconds per scenario (default 5)
          --warmup N          matrix: seconds of every operation mixed on each server before anything
                              is measured, so the JIT has optimised what runs (default 10)
          --clients LIST      client counts, comma-separated (default 1,8,32)
          --providers LIST    sqlite, postgres or both (default: sqlite, plus postgres when a
                              connection string is given)
          --postgres CONN     Npgsql connection string (default: $APPFLOW_BENCH_POSTGRES)
          --connectors N      scale: connectors in the big account (default 100000)
          --minutes N         soak: duration (default 10)
          --aot PATH          startup: the published native AppFlowLocal executable
          --operations LIST   matrix: only the operations whose names contain one of these words,
                              comma-separated, case-insensitive (describe,list,replayed,register,
                              token,update); the baselines are always measured
          --account ID        scale: measure the accounts an earlier scale run seeded on this database
                              (it prints their id) instead of seeding new ones
          --help              this text

        Build first: dotnet build -c Release AppFlowLocal.slnx
        """;

    private static readonly string[] Commands = ["matrix", "scale", "soak", "startup", "sigv4", "smoke"];

    /// <summary>The arguments, or the reason they cannot be read.</summary>
    public static (BenchArguments? Arguments, string? Problem) Parse(string[] args)
    {
        var command = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "matrix";
        if (!Commands.Contains(command))
        {
            return (null, $"unknown command '{command}'");
        }

        var postgres = Environment.GetEnvironmentVariable("APPFLOW_BENCH_POSTGRES") is { Length: > 0 } fromEnvironment ? fromEnvironment : null;
        var (seconds, clients, providers, connectors, minutes, warmUp) = (5.0, new[] { 1, 8, 32 }, (string[]?)null, 100_000, 10.0, 10.0);
        string? aot = null;
        string? account = null;
        string[]? operations = null;
        for (var i = command == "matrix" && (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal)) ? 0 : 1; i < args.Length; i += 2)
        {
            var name = args[i];
            if (i + 1 >= args.Length)
            {
                return (null, $"{name} needs a value");
            }

            var value = args[i + 1];
            switch (name)
            {
                case "--seconds" when double.TryParse(value, CultureInfo.InvariantCulture, out var s) && s > 0:
                    seconds = s;
                    break;
                case "--clients" when value.Split(',').All(c => int.TryParse(c, CultureInfo.InvariantCulture, out var n) && n is > 0 and <= 1024):
                    clients = value.Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray();
                    break;
                case "--providers" when value.Split(',').All(p => p is "sqlite" or "postgres"):
                    providers = value.Split(',').Distinct().ToArray();
                    break;
                case "--postgres" when value.Length > 0:
                    postgres = value;
                    break;
                case "--connectors" when int.TryParse(value, CultureInfo.InvariantCulture, out var n) && n >= 100:
                    connectors = n;
                    break;
                case "--minutes" when double.TryParse(value, CultureInfo.InvariantCulture, out var m) && m > 0:
                    minutes = m;
                    break;
                case "--warmup" when double.TryParse(value, CultureInfo.InvariantCulture, out var w) && w >= 0:
                    warmUp = w;
                    break;
                case "--aot" when File.Exists(value):
                    aot = Path.GetFullPath(value);
                    break;
                case "--account" when value.Length == 12 && value.All(char.IsAsciiDigit) && value != "999999999999":
                    account = value;
                    break;
                case "--operations" when value.Split(',').All(o => o.Trim().Length > 0):
                    operations = value.Split(',').Select(o => o.Trim()).ToArray();
                    break;
                case "--seconds" or "--clients" or "--providers" or "--postgres" or "--connectors" or "--minutes" or "--warmup" or "--aot" or "--account" or "--operations":
                    return (null, $"{name} cannot be '{value}'");
                default:
                    return (null, $"unknown option '{name}'");
            }
        }

        providers ??= postgres is null ? ["sqlite"] : ["sqlite", "postgres"];
        if (providers.Contains("postgres") && postgres is null)
        {
            return (null, "postgres needs --postgres or APPFLOW_BENCH_POSTGRES");
        }

        if (command == "smoke")
        {
            (seconds, clients, providers, warmUp) = (0.3, [1], ["sqlite"], 0.3);
        }

        return (new BenchArguments(command, seconds, clients, providers, postgres, connectors, minutes, aot, account, operations, warmUp), null);
    }
}
