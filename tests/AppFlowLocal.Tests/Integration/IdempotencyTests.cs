using AppFlowLocal.Tests.Infrastructure;
using Functions = AppFlowLocal.Tests.Infrastructure.LambdaStandInHost.Functions;

namespace AppFlowLocal.Tests.Integration;

public abstract class IdempotencyTests(ServerFixture fixture)
{
    private LambdaStandInHost StandIn => fixture.StandIn;

    [Fact]
    public async Task A_retried_register_returns_the_first_response_without_invoking_again()
    {
        var caller = fixture.NewCaller();
        var function = StandIn.NewFunction(LambdaStandInHost.Configuration("1.0"));
        var first = (await caller.RegisterAsync("retried", StandIn.Arn(function), clientToken: "token-1")).AssertOk();
        var second = (await caller.RegisterAsync("retried", StandIn.Arn(function), clientToken: "token-1")).AssertOk();
        Assert.Equal(first.Body, second.Body);
        Assert.Equal(1, StandIn.Invocations(function));
    }

    [Fact]
    public async Task The_replay_holds_even_when_the_state_changed_in_between()
    {
        var caller = fixture.NewCaller();
        var first = (await caller.RegisterAsync("changing", StandIn.Arn(Functions.SamplePython), clientToken: "token-2")).AssertOk();
        (await caller.UnregisterAsync("changing")).AssertOk();
        var replay = (await caller.RegisterAsync("changing", StandIn.Arn(Functions.SamplePython), clientToken: "token-2")).AssertOk();
        Assert.Equal(first.Body, replay.Body);
        (await caller.DescribeAsync("changing")).AssertError("ResourceNotFoundException", 404);
    }

    [Fact]
    public async Task Register_with_reused_token_and_different_description_is_a_conflict()
    {
        var caller = fixture.NewCaller();
        (await caller.RegisterAsync("tokened", StandIn.Arn(Functions.SamplePython), description: "one", clientToken: "token-3")).AssertOk();
        var conflict = (await caller.RegisterAsync("tokened", StandIn.Arn(Functions.SamplePython), description: "two", clientToken: "token-3"))
            .AssertError("ConflictException", 409);
        Assert.Contains("token-3", conflict.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_successes_are_remembered()
    {
        var caller = fixture.NewCaller();
        var function = StandIn.NewFunction(LambdaStandInHost.Configuration("1.0"));
        StandIn.DefineUnhandledError(function);
        (await caller.RegisterAsync("flaky", StandIn.Arn(function), clientToken: "token-4")).AssertError("ConnectorServerException", 400);
        StandIn.Define(function, LambdaStandInHost.Configuration("1.0"));
        (await caller.RegisterAsync("flaky", StandIn.Arn(function), clientToken: "token-4")).AssertOk();
        Assert.Equal(2, StandIn.Invocations(function));
    }

    [Fact]
    public async Task Concurrent_retries_with_one_token_invoke_once_and_share_the_outcome()
    {
        var caller = fixture.NewCaller();
        var function = StandIn.NewFunction(LambdaStandInHost.Configuration("1.0"), delay: TimeSpan.FromMilliseconds(500));
        var calls = Enumerable.Range(0, 6).Select(_ => caller.RegisterAsync("raced", StandIn.Arn(function), clientToken: "token-5")).ToList();
        var responses = await Task.WhenAll(calls);
        foreach (var response in responses)
        {
            response.AssertOk();
        }

        Assert.Single(responses.Select(r => r.Body).Distinct());
        Assert.Equal(1, StandIn.Invocations(function));
    }

    [Fact]
    public async Task Update_tokens_replay_too_and_are_separate_from_register_tokens()
    {
        var caller = fixture.NewCaller();
        var function = StandIn.NewFunction(LambdaStandInHost.Configuration("1.0"));
        (await caller.RegisterAsync("updated", StandIn.Arn(function), clientToken: "shared")).AssertOk();
        var update = Json.Object(("connectorLabel", "updated"), ("description", "new"), ("clientToken", "shared"));
        (await caller.PostAsync("/update-connector-registration", update)).AssertOk();
        (await caller.PostAsync("/update-connector-registration", update)).AssertOk();
        Assert.Equal(2, StandIn.Invocations(function));
        var changed = Json.Object(("connectorLabel", "updated"), ("description", "newer"), ("clientToken", "shared"));
        (await caller.PostAsync("/update-connector-registration", changed)).AssertError("ConflictException", 409);
    }

    [Fact]
    public async Task Tokens_do_not_cross_accounts()
    {
        var first = fixture.NewCaller();
        var second = fixture.NewCaller();
        (await first.RegisterAsync("mine", StandIn.Arn(Functions.SamplePython), clientToken: "token-6")).AssertOk();
        var arn = (await second.RegisterAsync("theirs", StandIn.Arn(Functions.SamplePython), clientToken: "token-6")).AssertOk()
            .Json.GetProperty("connectorArn").GetString();
        Assert.Equal(second.ConnectorArn("theirs"), arn);
    }

    /// <summary>On SQLite.</summary>
    public sealed class OnSqlite(ServerFixture fixture) : IdempotencyTests(fixture), IClassFixture<ServerFixture>;

    /// <summary>On PostgreSQL.</summary>
    public sealed class OnPostgres(ServerFixture.OnPostgres fixture) : IdempotencyTests(fixture), IClassFixture<ServerFixture.OnPostgres>;
}
