using Microsoft.AspNetCore.Builder;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using AppFlowLocal.Tests.Infrastructure;
using SampleConnector.Hosting;

namespace AppFlowLocal.Tests.Samples;

/// <summary>
/// The built sample connector in its two forms: a process run with <c>--stdin</c> (as a <c>cmd:</c> binding
/// runs it: clean environment, another working directory) and the Lambda Invoke endpoint over HTTP.
/// </summary>
public sealed class SampleConnectorHostingTests : IAsyncLifetime
{
    private WebApplication? endpoint;
    private Uri baseAddress = null!;
    private readonly HttpClient client = new();

    public static string Assembly => Path.Combine(RepositoryPaths.Root, "samples", "SampleConnector", "bin", RepositoryPaths.Configuration, "net10.0", "SampleConnector.dll");

    public async Task InitializeAsync() => (endpoint, baseAddress) = await InvokeEndpoint.StartAsync();

    public async Task DisposeAsync()
    {
        client.Dispose();
        if (endpoint is not null)
        {
            await endpoint.StopAsync();
            await endpoint.DisposeAsync();
        }
    }

    /// <summary>Runs the sample with only PATH in its environment, from a folder that is not the repository.</summary>
    private static Task<ProcessResult> RunStdinAsync(string eventJson) =>
        ExternalProcess.RunAsync("dotnet", [Assembly, "--stdin"], eventJson, timeout: TimeSpan.FromMinutes(1), workingDirectory: Path.GetTempPath(), onlyPath: true);

    private async Task<HttpResponseMessage> InvokeAsync(string function, string body) =>
        await client.PostAsync(new Uri(baseAddress, $"/2015-03-31/functions/{Uri.EscapeDataString(function)}/invocations"),
            new StringContent(body, Encoding.UTF8, "application/json"));

    [Fact]
    public async Task With_stdin_one_event_is_answered_on_stdout_with_exit_code_0_in_a_clean_environment()
    {
        var result = await RunStdinAsync("""{"type":"DescribeConnectorConfigurationRequest","locale":"en-US"}""");

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Equal("", result.StandardError);
        using var response = JsonDocument.Parse(result.StandardOutput);
        Assert.Equal("SampleCrm", response.RootElement.GetProperty("connectorName").GetString());
    }

    [Fact]
    public async Task With_stdin_a_handler_failure_is_a_stack_trace_on_stderr_and_exit_code_1()
    {
        var result = await RunStdinAsync("""{"type":"ListEntitiesRequest"}""");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.StandardOutput);
        Assert.StartsWith("ConnectorRequestException: ListEntitiesRequest is missing required member connectorContext", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("at SampleConnector.Handlers.ConnectorFunction.Invoke", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Over_HTTP_an_invocation_is_answered_as_Lambda_answers_it()
    {
        using var response = await InvokeAsync("arn:aws:lambda:us-east-1:123456789012:function:sample-crm:$LATEST",
            $$"""{"type":"QueryDataRequest","entityIdentifier":"Contact","connectorContext":{{SampleConnectorCall.Context}},"filterExpression":"LastName = 'Hopper'"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("X-Amz-Function-Error"));
        Assert.Equal("$LATEST", response.Headers.GetValues("X-Amz-Executed-Version").Single());
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(["CON-0003"], SampleConnectorCall.Ids(body));
    }

    [Fact]
    public async Task Over_HTTP_a_handler_failure_is_Lambda_s_function_error()
    {
        using var response = await InvokeAsync("sample-crm", """{"type":"ExportEverythingRequest"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Unhandled", response.Headers.GetValues("X-Amz-Function-Error").Single());
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("ConnectorRequestException", body.GetProperty("errorType").GetString());
        Assert.Equal("No operation is defined for request type: ExportEverythingRequest", body.GetProperty("errorMessage").GetString());
        Assert.Contains(body.GetProperty("stackTrace").EnumerateArray(), line => line.GetString()!.Contains("ConnectorFunction.Invoke", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Over_HTTP_a_payload_that_is_not_JSON_is_refused_before_the_handler_runs()
    {
        using var response = await InvokeAsync("sample-crm", "type=DescribeConnectorConfigurationRequest");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("InvalidRequestContentException", response.Headers.GetValues("x-amzn-ErrorType").Single());
        Assert.Equal("Could not parse request body into json", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("Message").GetString());
    }

    [Fact]
    public async Task The_built_executable_serves_the_Invoke_API_and_logs_one_line_per_invocation()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(Assembly);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(e.Data);
            }

            if (e.Data.Trim().StartsWith("Now listening on: ", StringComparison.Ordinal))
            {
                listening.TrySetResult(new Uri(e.Data.Trim()["Now listening on: ".Length..]));
            }
        };
        process.BeginOutputReadLine();
        try
        {
            var address = await listening.Task.WaitAsync(TimeSpan.FromMinutes(1));
            using var response = await client.PostAsync(new Uri(address, "/2015-03-31/functions/sample-crm/invocations"),
                new StringContent("""{"type":"DescribeConnectorConfigurationRequest"}""", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("SampleCrm", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("connectorName").GetString());

            string logged;
            var waited = 0;
            do
            {
                await Task.Delay(100);
                lock (output)
                {
                    logged = output.ToString();
                }
            }
            while (!logged.Contains("sample-crm: DescribeConnectorConfigurationRequest answered", StringComparison.Ordinal) && ++waited < 50);

            Assert.Contains("sample-crm: DescribeConnectorConfigurationRequest answered", logged, StringComparison.Ordinal);
            Assert.DoesNotContain("Request starting", logged, StringComparison.Ordinal);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Over_HTTP_a_write_is_seen_by_the_next_invocation()
    {
        using var write = await InvokeAsync("sample-crm", $$"""
            {"type":"WriteDataRequest","entityIdentifier":"Account","connectorContext":{{SampleConnectorCall.Context}},"operation":"INSERT",
             "records":["{\"Name\":\"Kilo Kitchens\",\"Industry\":\"Retail\"}"]}
            """);
        using var query = await InvokeAsync("sample-crm", $$"""
            {"type":"QueryDataRequest","entityIdentifier":"Account","connectorContext":{{SampleConnectorCall.Context}},"filterExpression":"Name CONTAINS 'kilo'"}
            """);

        Assert.True(JsonDocument.Parse(await write.Content.ReadAsStringAsync()).RootElement.GetProperty("isSuccess").GetBoolean());
        Assert.Single(SampleConnectorCall.Ids(JsonDocument.Parse(await query.Content.ReadAsStringAsync()).RootElement));
    }
}
