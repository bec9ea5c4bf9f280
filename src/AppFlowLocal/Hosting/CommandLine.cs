namespace AppFlowLocal.Hosting;

/// <summary>What the executable says to <c>--help</c>: how to run it and the settings a first run needs.</summary>
internal static class CommandLine
{
    public const string Usage = """
        AppFlow Local: Amazon AppFlow's custom-connector registration API, for the aws CLI and the AWS SDKs.

        Usage:
          dotnet run --project src/AppFlowLocal [-- --Setting:Key=value ...]
          AppFlowLocal [--Setting:Key=value ...]
          AppFlowLocal check <function ARN | http(s)://endpoint | cmd:command line> [--json]
                                                  check a connector function before registering it

        Then point a client at it:  aws appflow list-connectors --endpoint-url http://127.0.0.1:4567

        Common settings (also in appsettings.json, or as environment variables: Lambda__Timeout=30s):
          --urls http://127.0.0.1:4567            where to listen
          --Storage:ConnectionString=<path>       SQLite database file (default data/appflow-local.db)
          --Lambda:Endpoint=<url>                 Lambda Invoke API for connector functions (default: AWS)
          --Lambda:Functions:<function>=<target>  run one function locally: cmd:<command line> or http(s)://...
          --Lambda:Timeout=10s                    how long an invocation may take (30s, 5m, 00:00:10)
          --Identity:DefaultAccount=000000000000  account of requests whose access key is not 12 digits
          --Throttling:RequestsPerSecond=0        per-account rate on this node (0: off)

        Every setting is described in README.md, "Configuration".
        """;

    public static bool WantsHelp(IReadOnlyList<string> args) => args.Any(arg => arg is "--help" or "-h" or "-?" or "help");
}
