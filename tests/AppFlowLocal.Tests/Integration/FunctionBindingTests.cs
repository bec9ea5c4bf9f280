using AppFlowLocal.Tests.Infrastructure;

namespace AppFlowLocal.Tests.Integration;

/// <summary>
/// A server whose Lambda:Endpoint leads nowhere, with functions bound by name, by ARN and by ARN with
/// qualifier to local commands (Python scripts in the fixture's folder) and to the stand-in's endpoint.
/// </summary>
public sealed class BoundFunctionsFixture : ServerFixture
{
    internal const string Marker = "appflow-local-bound-function";

    /// <summary>Names this run's sleeping function, so a process left by another run cannot be mistaken for this one's.</summary>
    internal string SleeperMarker { get; } = $"{Marker}-sleeper-{Guid.NewGuid():N}";

    internal string Script(string name) => Path.Combine(Directory, name + ".py");

    protected override IEnumerable<string> Settings =>
    [
        // Nothing listens on port 9: a function that is not bound fails, so every success below came through its binding.
        "--Lambda:Endpoint=http://127.0.0.1:9",
        "--Lambda:Timeout=00:00:03",
        $"--Lambda:Functions:by-name=cmd:python3 {Script("describe")} {Marker}",
        $"--Lambda:Functions:arn:aws:lambda:us-east-1:123456789012:function:by-arn=cmd:python3 {Script("describe")} by-arn",
        $"--Lambda:Functions:arn:aws:lambda:us-east-1:123456789012:function:by-arn:prod=cmd:python3 {Script("describe")} by-arn-prod",
        $"--Lambda:Functions:traceback=cmd:python3 {Script("traceback")}",
        $"--Lambda:Functions:garbage=cmd:echo this is not json",
        $"--Lambda:Functions:stderr-only=cmd:echo 'connector exploded' >&2",
        // Two commands, so sh stays as python3's parent: the whole tree must be stopped, not just sh.
        $"--Lambda:Functions:sleeper=cmd:python3 -c 'import time; time.sleep(60)' {SleeperMarker}; echo never",
        $"--Lambda:Functions:{LambdaStandInHost.Functions.SampleJava}={StandIn.Endpoint}",
        "--Lambda:FunctionEnvironment:GREETING=hello-from-settings",
    ];

    internal override async Task BeforeServerStartsAsync()
    {
        // Describes itself with what it was given: its argument as connectorVersion, its environment as the rest.
        await File.WriteAllTextAsync(Script("describe"), """
            import json, os, sys
            event = json.load(sys.stdin)
            print(json.dumps({
                "isSuccess": True, "connectorOwner": os.environ.get("GREETING", "no-greeting"),
                "connectorName": "Env " + os.environ.get("LEAKED_SECRET", "clean") + " " + os.environ["AWS_REGION"],
                "connectorVersion": sys.argv[1] if event["type"] == "DescribeConnectorConfigurationRequest" else "wrong-event",
                "connectorModes": ["SOURCE"], "supportedApiVersions": ["v1"]}))
            """);
        await File.WriteAllTextAsync(Script("traceback"), """
            import json, sys
            def handle(event):
                raise ValueError("the connector cannot describe itself")
            handle(json.load(sys.stdin))
            """);
    }

    protected override IReadOnlyDictionary<string, string> ServerEnvironment => new Dictionary<string, string> { ["LEAKED_SECRET"] = "leaked" };
}

/// <summary>Lambda:Functions sends a function's invocations to a local command or to its own Invoke endpoint.</summary>
public sealed class FunctionBindingTests(BoundFunctionsFixture fixture) : IClassFixture<BoundFunctionsFixture>
{
    private static string Arn(string name) => $"arn:aws:lambda:us-east-1:123456789012:function:{name}";

    [Fact]
    public async Task A_function_bound_to_a_command_is_registered_from_what_the_command_prints_in_a_clean_environment()
    {
        var caller = fixture.NewCaller();
        (await caller.RegisterAsync("local", Arn("by-name"))).AssertOk();

        var configuration = (await caller.DescribeAsync("local")).AssertOk().Json.GetProperty("connectorConfiguration");
        Assert.Equal(BoundFunctionsFixture.Marker, configuration.GetProperty("connectorVersion").GetString());

        // Lambda:FunctionEnvironment reaches the function, the function's region is its AWS_REGION, and
        // nothing else of the server's environment does.
        Assert.Equal("hello-from-settings", configuration.GetProperty("connectorOwner").GetString());
        Assert.Equal("Env clean us-east-1", configuration.GetProperty("connectorName").GetString());
    }

    [Theory]
    [InlineData("by-arn", "by-arn")]
    [InlineData("by-arn:prod", "by-arn-prod")]
    [InlineData("by-arn:other-alias", "by-arn")]
    [InlineData("by-name:any-alias", BoundFunctionsFixture.Marker)]
    public async Task The_most_specific_binding_of_a_function_applies(string function, string boundTo)
    {
        var caller = fixture.NewCaller();
        (await caller.RegisterAsync("bound", Arn(function))).AssertOk();

        var configuration = (await caller.DescribeAsync("bound")).AssertOk().Json.GetProperty("connectorConfiguration");
        Assert.Equal(boundTo, configuration.GetProperty("connectorVersion").GetString());
    }

    [Fact]
    public async Task A_function_bound_to_an_http_endpoint_is_invoked_there_and_others_still_go_to_Lambda_Endpoint()
    {
        var caller = fixture.NewCaller();
        var before = fixture.StandIn.Invocations(LambdaStandInHost.Functions.SampleJava);
        (await caller.RegisterAsync("remote", fixture.StandIn.Arn(LambdaStandInHost.Functions.SampleJava))).AssertOk();
        Assert.Equal(before + 1, fixture.StandIn.Invocations(LambdaStandInHost.Functions.SampleJava));

        var unbound = (await caller.RegisterAsync("unbound", Arn("not-bound"))).AssertError("ConnectorServerException", 400);
        Assert.Contains("127.0.0.1:9", unbound.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_traceback_is_the_function_error_and_its_last_lines_are_in_the_message()
    {
        var caller = fixture.NewCaller();
        var answer = (await caller.RegisterAsync("raises", Arn("traceback"))).AssertError("ConnectorServerException", 400);

        Assert.Contains("exit code 1", answer.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("Traceback (most recent call last):", answer.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("ValueError: the connector cannot describe itself", answer.ErrorMessage, StringComparison.Ordinal);
        (await caller.DescribeAsync("raises")).AssertError("ResourceNotFoundException", 404);
    }

    [Theory]
    [InlineData("garbage", "not")]
    [InlineData("stderr-only", "connector exploded")]
    public async Task A_command_that_answers_garbage_or_only_on_stderr_is_a_ConnectorServerException(string function, string mentioned)
    {
        var answer = (await fixture.NewCaller().RegisterAsync("bad", Arn(function))).AssertError("ConnectorServerException", 400);
        Assert.Contains(mentioned, answer.ErrorMessage, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_command_that_outlives_Lambda_Timeout_is_stopped_with_its_processes()
    {
        var answer = (await fixture.NewCaller().RegisterAsync("slow", Arn("sleeper"))).AssertError("ConnectorServerException", 400);
        Assert.Contains("timed out after 3 s", answer.ErrorMessage, StringComparison.Ordinal);

        // Its processes are killed before the answer; the kernel may take a moment to clear them.
        var left = ProcessesWith(fixture.SleeperMarker);
        for (var wait = 0; left.Count > 0 && wait < 50; wait++)
        {
            await Task.Delay(100);
            left = ProcessesWith(fixture.SleeperMarker);
        }

        Assert.Empty(left);
    }

    private static List<int> ProcessesWith(string marker)
    {
        var found = new List<int>();
        foreach (var directory in System.IO.Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid))
            {
                try
                {
                    // The server's own command line names the binding too: only the function's processes count.
                    var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline"));
                    if (commandLine.Contains(marker, StringComparison.Ordinal) && !commandLine.Contains("AppFlowLocal.dll", StringComparison.Ordinal))
                    {
                        found.Add(pid);
                    }
                }
                catch (IOException)
                {
                    // Exited while being looked at.
                }
                catch (UnauthorizedAccessException)
                {
                }
            }
        }

        return found;
    }
}
