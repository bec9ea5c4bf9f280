using System.Diagnostics;
using System.Text.Json;
using AppFlowLocal.Tests.Infrastructure;

namespace AppFlowLocal.Tests.Samples;

/// <summary>
/// samples/PythonSdkAdapter/appflow_cmd_adapter.py run as a <c>cmd:</c> binding runs it (only PATH in the
/// environment, another working directory) over a stand-in for a Python-SDK connector.
/// </summary>
public sealed class PythonSdkAdapterTests
{
    private static readonly string Adapter = Path.Combine(RepositoryPaths.Root, "samples", "PythonSdkAdapter", "appflow_cmd_adapter.py");
    private static readonly string StandIn = Path.Combine(RepositoryPaths.Root, "tests", "AppFlowLocal.Tests", "Samples", "PythonStandIn");

    private static Task<ProcessResult> RunAsync(string eventJson, IEnumerable<string> arguments, IDictionary<string, string>? environment = null)
    {
        // No __pycache__ left in the checkout by the stand-in's import.
        var variables = new Dictionary<string, string>(environment ?? new Dictionary<string, string>()) { ["PYTHONDONTWRITEBYTECODE"] = "1" };
        return ExternalProcess.RunAsync("python3", [Adapter, .. arguments], eventJson, variables, TimeSpan.FromMinutes(1), Path.GetTempPath(), onlyPath: true);
    }

    [Theory]
    [InlineData("stand_in_sdk_connector.lambda_handler")]
    [InlineData("stand_in_sdk_connector.StandInLambdaHandler")]
    public async Task The_handler_s_response_is_the_only_thing_on_stdout_as_JSON(string handler)
    {
        var result = await RunAsync("""{"type":"DescribeConnectorConfigurationRequest","locale":"en-US"}""", ["--path", StandIn, handler]);

        Assert.True(result.ExitCode == 0, result.StandardError);
        var response = JsonDocument.Parse(result.StandardOutput).RootElement;
        Assert.Equal("StandInConnector", response.GetProperty("connectorName").GetString());
        Assert.Equal(JsonValueKind.Null, response.GetProperty("logoURL").ValueKind);
        Assert.Equal("TOKEN_URL", response.GetProperty("authenticationConfig").GetProperty("oAuth2Defaults").GetProperty("oAuth2CustomProperties")[0].GetProperty("type").GetString());
        Assert.InRange(response.GetProperty("remainingMillis").GetInt32(), 1, 10_000);
        Assert.Contains("a stray print from the connector", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("Handling request for requestType: DescribeConnectorConfigurationRequest", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decimals_the_SDK_leaves_in_a_response_are_written_as_numbers()
    {
        var result = await RunAsync("""{"type":"DescribeEntityRequest","entityIdentifier":"orders","connectorContext":{"apiVersion":"v1"}}""",
            ["--path", StandIn, "stand_in_sdk_connector.lambda_handler"]);

        Assert.True(result.ExitCode == 0, result.StandardError);
        var range = JsonDocument.Parse(result.StandardOutput).RootElement.GetProperty("entityDefinition").GetProperty("fields")[0]
            .GetProperty("constraints").GetProperty("allowedValueRange");
        Assert.Equal("0", range.GetProperty("minRange").GetRawText());
        Assert.Equal("99.5", range.GetProperty("maxRange").GetRawText());
    }

    [Fact]
    public async Task The_handler_and_its_folder_may_come_from_the_environment()
    {
        var result = await RunAsync("""{"type":"DescribeConnectorConfigurationRequest"}""", [],
            new Dictionary<string, string> { ["APPFLOW_HANDLER"] = "stand_in_sdk_connector.lambda_handler", ["LAMBDA_TASK_ROOT"] = StandIn });

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Equal("2.0", JsonDocument.Parse(result.StandardOutput).RootElement.GetProperty("connectorVersion").GetString());
    }

    [Fact]
    public async Task A_handler_exception_is_its_traceback_on_stderr_and_exit_code_1()
    {
        var result = await RunAsync("""{"type":"FetchEverythingRequest"}""", ["--path", StandIn, "stand_in_sdk_connector.lambda_handler"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.StandardOutput);
        Assert.Contains("Traceback (most recent call last):", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("ValueError: No operation is defined for request type: FetchEverythingRequest", result.StandardError, StringComparison.Ordinal);
        Assert.EndsWith("RuntimeError: Exception while processing the request", result.StandardError.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_handler_that_cannot_be_imported_is_a_traceback_and_exit_code_1()
    {
        var result = await RunAsync("{}", ["--path", StandIn, "no_such_connector.lambda_handler"]);

        Assert.Equal(1, result.ExitCode);
        Assert.EndsWith("ModuleNotFoundError: No module named 'no_such_connector'", result.StandardError.TrimEnd(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new string[0], "name the handler (module.function) or set APPFLOW_HANDLER")]
    [InlineData(new[] { "--timeout", "soon", "x.y" }, "argument --timeout: invalid float value: 'soon'")]
    public async Task A_wrong_command_line_is_usage_on_stderr_and_exit_code_2(string[] arguments, string problem)
    {
        var result = await RunAsync("{}", arguments);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("usage: appflow_cmd_adapter.py", result.StandardError, StringComparison.Ordinal);
        Assert.Contains(problem, result.StandardError, StringComparison.Ordinal);
    }
}
