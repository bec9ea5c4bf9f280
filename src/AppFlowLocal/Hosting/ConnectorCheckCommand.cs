using System.Text.Json;
using AppFlowLocal.Connectors;
using AppFlowLocal.Wire;
using Microsoft.Extensions.Options;

namespace AppFlowLocal.Hosting;

/// <summary>
/// <c>AppFlowLocal check &lt;function ARN | http(s)://endpoint | cmd:command line&gt; [--json] [--Setting=value ...]</c>:
/// checks a connector function before it is registered, with the server's own invocation and rules,
/// and exits 1 when registration would refuse it, so it can run in a connector's own CI.
/// </summary>
internal static class ConnectorCheckCommand
{
    public const string Name = "check";

    /// <summary>The function name a URL or command target is invoked as.</summary>
    private const string CheckedFunction = "appflow-local-check";

    private const string Usage = """
        Usage: AppFlowLocal check <target> [--json] [--Lambda:Timeout=30s ...]
          <target>  a function ARN (invoked as the server would: Lambda:Functions bindings, Lambda:Endpoint, AWS),
                    an http(s):// Lambda Invoke endpoint, or cmd:<command line>
        Exit code: 0 registrable, 1 registration would refuse it, 2 usage or settings problem.
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var target = args.FirstOrDefault(arg => !arg.StartsWith("--", StringComparison.Ordinal));
        if (target is null)
        {
            await Console.Error.WriteAsync(Usage);
            return ServerStartup.RefusedExitCode;
        }

        var json = args.Contains("--json");
        var settings = args.Where(arg => arg != target && arg != "--json").ToArray();
        var builder = WebApplication.CreateSlimBuilder(settings).AddServerStartup();
        var region = builder.Configuration["Identity:DefaultRegion"] is { Length: > 0 } configured ? configured : "us-east-1";
        var functionArn = target;
        if (!target.StartsWith("arn:", StringComparison.Ordinal))
        {
            // A URL or a command becomes the binding of a function of its own, so it is invoked exactly as a bound function is.
            functionArn = $"arn:aws:lambda:{region}:000000000000:function:{CheckedFunction}";
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [$"{FunctionBindings.SectionName}:{CheckedFunction}"] = target });
        }

        // The report is the output; the invoker's own log lines would only repeat it.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddConnectorInvocation(builder.Configuration);
        await using var app = builder.Build();

        try
        {
            _ = app.Services.GetRequiredService<IOptions<LambdaOptions>>().Value;
        }
        catch (OptionsValidationException e)
        {
            foreach (var failure in e.Failures)
            {
                await Console.Error.WriteLineAsync($"AppFlow Local cannot check: {failure}");
            }

            return ServerStartup.RefusedExitCode;
        }

        var report = await app.Services.GetRequiredService<IConnectorInvoker>().CheckConnectorConfigurationAsync(functionArn, CancellationToken.None);
        report = report.For(target);
        await Console.Out.WriteAsync(json ? JsonSerializer.Serialize(report, AppFlowJsonContext.Default.ConnectorCheckReport) + Environment.NewLine : report.ToText());
        return report.Registrable ? 0 : 1;
    }
}
