using AppFlowLocal.Tests.Infrastructure;

namespace AppFlowLocal.Tests.Integration;

/// <summary>A server started as a newcomer might: a misspelt key, a duration with a unit, a bound function, Lambda credentials.</summary>
public sealed class NewcomerServerFixture : ServerFixture
{
    protected override IEnumerable<string> Settings =>
    [
        "--Lambda:Endpiont=http://127.0.0.1:4568",
        "--Registry:MaxConnectorPerAccount=5",
        "--Lambda:Timeout=3s",
        "--Lambda:Functions:unreachable=http://127.0.0.1:9",
    ];
}

/// <summary>What the server prints: where its data and invocations go, what it ignored, one line per refused request and per change, none per successful read.</summary>
public sealed class StartupOutputTests(NewcomerServerFixture fixture) : IClassFixture<NewcomerServerFixture>
{
    [Fact]
    public void Start_up_says_which_database_and_where_invocations_go_signed_or_not_and_never_a_secret()
    {
        var output = fixture.Server.Output;

        Assert.Contains($"Storage: SQLite database {fixture.DatabasePath}", output, StringComparison.Ordinal);
        Assert.Contains($"Lambda: connector functions are invoked at {fixture.StandIn.Endpoint}, SigV4-signed with access key AKIDAPPFLOWLOCAL, with a 3 s timeout", output, StringComparison.Ordinal);
        Assert.Contains("Lambda: function unreachable is bound to http://127.0.0.1:9/", output, StringComparison.Ordinal);
        Assert.DoesNotContain("appflow-local-secret", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Misspelt_keys_in_known_sections_are_named_with_the_setting_they_resemble()
    {
        var output = fixture.Server.Output;

        Assert.Contains("Lambda:Endpiont is not a setting of this server and is ignored (did you mean Lambda:Endpoint?)", output, StringComparison.Ordinal);
        Assert.Contains("Registry:MaxConnectorPerAccount is not a setting of this server and is ignored (did you mean Registry:MaxConnectorsPerAccount?)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_registration_logs_one_line_without_HttpClient_chatter_or_a_stack_trace()
    {
        var caller = fixture.NewCaller();
        var before = await QuietOutputLengthAsync();
        var answer = (await caller.RegisterAsync("quiet", "arn:aws:lambda:us-east-1:123456789012:function:unreachable")).AssertError("ConnectorServerException", 400);

        var logged = await LoggedSinceAsync(before, answer.RequestId!);
        var lines = logged.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 2, $"Expected the request's one log entry (category line and message), got:\n{logged}");
        Assert.Contains("/register-connector 400 ConnectorServerException", logged, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", logged, StringComparison.Ordinal);
        Assert.DoesNotContain("HttpClient", logged, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_change_logs_its_line_and_a_successful_read_logs_none()
    {
        var caller = fixture.NewCaller();
        (await caller.RegisterAsync("logged", fixture.StandIn.Arn(LambdaStandInHost.Functions.SamplePython))).AssertOk();
        var before = await QuietOutputLengthAsync();
        var read = (await caller.DescribeAsync("logged")).AssertOk();
        var change = (await caller.UpdateAsync("logged", description: "changed")).AssertOk();

        var logged = await LoggedSinceAsync(before, change.RequestId!);
        Assert.Contains($"/update-connector-registration 200 in", logged, StringComparison.Ordinal);
        Assert.DoesNotContain(read.RequestId!, logged, StringComparison.Ordinal);
        Assert.DoesNotContain("/describe-connector", logged, StringComparison.Ordinal);
    }

    /// <summary>
    /// The output's length once the start-up report is all there: it follows "Now listening", which is
    /// all the fixture waits for, so this waits until nothing has been added for a few polls.
    /// </summary>
    private async Task<int> QuietOutputLengthAsync()
    {
        var length = fixture.Server.Output.Length;
        for (var (quiet, polls) = (0, 0); quiet < 3 && polls < 50; polls++)
        {
            await Task.Delay(100);
            var now = fixture.Server.Output.Length;
            quiet = now == length ? quiet + 1 : 0;
            length = now;
        }

        return length;
    }

    /// <summary>The server's output since <paramref name="start"/>, once the request's own line is there.</summary>
    private async Task<string> LoggedSinceAsync(int start, string requestId)
    {
        for (var wait = 0; wait < 50 && !fixture.Server.Output[start..].Contains(requestId, StringComparison.Ordinal); wait++)
        {
            await Task.Delay(100);
        }

        return fixture.Server.Output[start..];
    }
}
