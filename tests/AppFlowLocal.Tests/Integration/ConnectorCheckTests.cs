using System.Text.Json;
using AppFlowLocal.Tests.Infrastructure;

namespace AppFlowLocal.Tests.Integration;

/// <summary>
/// The configuration check, on a registered connector (GET /_appflow-local/connectors/{label}/check)
/// and on a function not yet registered (the <c>check</c> command): every problem at once.
/// </summary>
public sealed class ConnectorCheckTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    /// <summary>Two errors (a version over 256 characters, a mode outside the set) and four warnings at once.</summary>
    private const string ManyProblems = """
        {"isSuccess":true,"connectorOwner":"Amazon Tests","connectorName":"My connector","connectorVersion":"{{VERSION}}",
         "connectorModes":["SOURCE","SIDEWAYS"],
         "authenticationConfig":{"isOAuth2Supported":true,"oAuth2Defaults":{"tokenURL":["http://auth.example.com/token"]}},
         "connectorRuntimeSetting":[{"key":"instance","dataType":"String","required":true,"label":"Instance","scope":"CONNECTOR_PROFILE"}]}
        """;

    private static string ManyProblemsPayload => ManyProblems.Replace("{{VERSION}}", new string('9', 300), StringComparison.Ordinal);

    [Fact]
    public async Task A_registered_connector_is_checked_again_with_every_error_and_warning_and_nothing_changes()
    {
        var caller = fixture.NewCaller();
        var function = fixture.StandIn.NewFunction(LambdaStandInHost.Configuration("1.0"));
        (await caller.RegisterAsync("checked", fixture.StandIn.Arn(function))).AssertOk();

        var healthy = (await caller.GetAsync("/_appflow-local/connectors/checked/check")).AssertOk().Json;
        Assert.True(healthy.GetProperty("registrable").GetBoolean());
        Assert.Empty(healthy.GetProperty("errors").EnumerateArray());
        Assert.Contains(healthy.GetProperty("warnings").EnumerateArray(), w => w.GetProperty("member").GetString() == "logoURL");

        // The function now answers with several problems: the check reports them all, registration keeps what it had.
        fixture.StandIn.Define(function, ManyProblemsPayload);
        var report = (await caller.GetAsync("/_appflow-local/connectors/checked/check")).AssertOk().Json;

        Assert.False(report.GetProperty("registrable").GetBoolean());
        Assert.Equal(["connectorModes", "connectorVersion"], Members(report, "errors").Order());
        Assert.Equal(
            ["authenticationConfig.oAuth2Defaults.tokenUrls", "connectorOwner", "connectorRuntimeSettings", "logoURL"],
            Members(report, "warnings").Order());
        Assert.Equal("1.0", (await caller.DescribeAsync("checked")).AssertOk().Json.GetProperty("connectorConfiguration").GetProperty("connectorVersion").GetString());
    }

    [Fact]
    public async Task The_check_as_text_is_a_checklist_and_an_unknown_label_is_ResourceNotFound()
    {
        var caller = fixture.NewCaller();
        var function = fixture.StandIn.NewFunction(ManyProblemsPayload);
        fixture.StandIn.Define(function, LambdaStandInHost.Configuration("1.0"));
        (await caller.RegisterAsync("as-text", fixture.StandIn.Arn(function))).AssertOk();
        fixture.StandIn.Define(function, ManyProblemsPayload);

        var text = (await caller.GetAsync("/_appflow-local/connectors/as-text/check?format=text")).AssertOk();
        Assert.StartsWith("text/plain", text.Message.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        Assert.Contains("registrable: no (2 errors, 4 warnings)", text.Body, StringComparison.Ordinal);
        Assert.Contains("[error] connectorModes: Value '[SOURCE, SIDEWAYS]' at 'connectorModes' failed to satisfy constraint", text.Body, StringComparison.Ordinal);
        Assert.Contains("[warning] connectorOwner: 'Amazon Tests' contains the reserved word 'amazon'", text.Body, StringComparison.Ordinal);

        (await caller.GetAsync("/_appflow-local/connectors/never-registered/check")).AssertError("ResourceNotFoundException", 404);
    }

    [Fact]
    public async Task The_check_command_lists_every_problem_of_a_function_not_yet_registered_and_exits_1()
    {
        var script = Path.Combine(fixture.Directory, "many-problems.py");
        await File.WriteAllTextAsync(script, $"import sys\nsys.stdin.read()\nprint('''{ManyProblemsPayload}''')\n");

        var result = await ExternalProcess.RunAsync("dotnet", [RepositoryPaths.ServerAssembly, "check", $"cmd:python3 {script}"],
            workingDirectory: fixture.Directory, timeout: TimeSpan.FromSeconds(60));

        Assert.True(result.ExitCode == 1, $"exit code {result.ExitCode}:\n{result.StandardOutput}{result.StandardError}");
        Assert.StartsWith($"Configuration check of cmd:python3 {script}", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("registrable: no (2 errors, 4 warnings)", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("[error] connectorVersion:", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("[warning] authenticationConfig.oAuth2Defaults.tokenUrls: 'http://auth.example.com/token' is not an https URL", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_check_command_exits_0_for_a_registrable_function_and_2_without_a_target()
    {
        var good = await ExternalProcess.RunAsync("dotnet",
            [RepositoryPaths.ServerAssembly, "check", fixture.StandIn.Arn(LambdaStandInHost.Functions.SamplePython), $"--Lambda:Endpoint={fixture.StandIn.Endpoint}", "--json"],
            workingDirectory: fixture.Directory, timeout: TimeSpan.FromSeconds(60));
        Assert.True(good.ExitCode == 0, $"exit code {good.ExitCode}:\n{good.StandardOutput}{good.StandardError}");
        Assert.True(JsonDocument.Parse(good.StandardOutput).RootElement.GetProperty("registrable").GetBoolean());

        var usage = await ExternalProcess.RunAsync("dotnet", [RepositoryPaths.ServerAssembly, "check"],
            workingDirectory: fixture.Directory, timeout: TimeSpan.FromSeconds(60));
        Assert.Equal(2, usage.ExitCode);
        Assert.StartsWith("Usage: AppFlowLocal check <target>", usage.StandardError, StringComparison.Ordinal);
    }

    private static List<string> Members(JsonElement report, string list) =>
        [.. report.GetProperty(list).EnumerateArray().Select(finding => finding.GetProperty("member").GetString()!)];
}
