using AppFlowLocal.Tests.Infrastructure;

namespace AppFlowLocal.Tests.Integration;

/// <summary>Accounts that may hold two connectors each, with invocations that may be held for a while.</summary>
public class IsolationFixture : ServerFixture
{
    internal const int Quota = 2;

    protected override IEnumerable<string> Settings => [$"--Registry:MaxConnectorsPerAccount={Quota}", "--Lambda:Timeout=00:00:30"];

    /// <summary>The same fixture over PostgreSQL.</summary>
    public new sealed class OnPostgres : IsolationFixture
    {
        internal override bool UsesPostgres => true;
    }
}

/// <summary>
/// Everything is scoped to account and region: another account's connector is never found, listed,
/// changed or removed, its clientTokens and quota are its own, and nothing about it leaks, not even
/// as a wait behind its call in flight.
/// </summary>
public abstract class AccountIsolationTests(IsolationFixture fixture)
{
    private LambdaStandInHost StandIn => fixture.StandIn;

    [Fact]
    public async Task Two_accounts_register_the_same_label_and_each_sees_updates_lists_and_unregisters_only_its_own()
    {
        var first = fixture.NewCaller();
        var second = fixture.NewCaller();
        var firstFunction = StandIn.NewFunction(LambdaStandInHost.Configuration("1.0", "FirstConnector"));
        var secondFunction = StandIn.NewFunction(LambdaStandInHost.Configuration("2.0", "SecondConnector"));

        (await first.RegisterAsync("same", StandIn.Arn(firstFunction), "first one")).AssertOk();
        (await second.RegisterAsync("same", StandIn.Arn(secondFunction), "second one")).AssertOk();

        var firstView = (await first.DescribeAsync("same")).AssertOk().Json.GetProperty("connectorConfiguration");
        Assert.Equal("first one", firstView.GetProperty("connectorDescription").GetString());
        Assert.Equal(first.ConnectorArn("same"), firstView.GetProperty("connectorArn").GetString());
        Assert.Equal("1.0", firstView.GetProperty("connectorVersion").GetString());

        (await second.UpdateAsync("same", description: "second one updated")).AssertOk();
        (await second.UnregisterAsync("same")).AssertOk();

        // The second account's update and unregister touched only its own registration.
        firstView = (await first.DescribeAsync("same")).AssertOk().Json.GetProperty("connectorConfiguration");
        Assert.Equal("first one", firstView.GetProperty("connectorDescription").GetString());
        var listed = (await first.PostAsync("/list-connectors", "{}")).AssertOk().Json.GetProperty("connectors").EnumerateArray()
            .Select(c => c.GetProperty("connectorLabel").GetString()).ToList();
        Assert.Equal(["same"], listed);
        Assert.Empty((await second.PostAsync("/list-connectors", "{}")).AssertOk().Json.GetProperty("connectors").EnumerateArray());
        Assert.Empty((await second.PostAsync("/describe-connectors", "{}")).AssertOk().Json.GetProperty("connectors").EnumerateArray());
    }

    [Fact]
    public async Task Another_accounts_label_is_not_found_with_a_message_that_names_only_the_callers_account()
    {
        var owner = fixture.NewCaller();
        var stranger = fixture.NewCaller();
        (await owner.RegisterAsync("private", StandIn.Arn(LambdaStandInHost.Functions.SamplePython))).AssertOk();

        foreach (var answer in new[]
        {
            await stranger.DescribeAsync("private"),
            await stranger.UpdateAsync("private", description: "taken over"),
            await stranger.UnregisterAsync("private"),
        })
        {
            answer.AssertError("ResourceNotFoundException", 404);
            Assert.DoesNotContain(owner.Account, answer.Body, StringComparison.Ordinal);
            Assert.Contains(stranger.Account, answer.ErrorMessage, StringComparison.Ordinal);
        }

        (await owner.DescribeAsync("private")).AssertOk();
    }

    [Fact]
    public async Task A_call_in_flight_in_one_account_neither_holds_up_nor_conflicts_with_the_same_label_and_token_in_another()
    {
        var first = fixture.NewCaller();
        var second = fixture.NewCaller();
        var function = StandIn.NewFunction(LambdaStandInHost.Configuration("1.0"));
        var held = StandIn.HoldNext(function);

        var firstCall = first.RegisterAsync("raced", StandIn.Arn(function), clientToken: "one-token");
        await held.Arrived;

        // The first account's call holds its label and its token; the second account's own are free.
        var secondAnswer = await second.RegisterAsync("raced", StandIn.Arn(function), clientToken: "one-token").WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(second.ConnectorArn("raced"), secondAnswer.AssertOk().Json.GetProperty("connectorArn").GetString());
        Assert.False(firstCall.IsCompleted, "The held call must still be in flight, or this proved nothing.");

        held.Release();
        Assert.Equal(first.ConnectorArn("raced"), (await firstCall).AssertOk().Json.GetProperty("connectorArn").GetString());
        Assert.Equal(2, StandIn.Invocations(function));
    }

    [Fact]
    public async Task Each_account_has_its_own_quota_in_each_region()
    {
        var full = fixture.NewCaller();
        var function = StandIn.Arn(LambdaStandInHost.Functions.SamplePython);
        for (var i = 0; i < IsolationFixture.Quota; i++)
        {
            (await full.RegisterAsync($"c{i}", function)).AssertOk();
        }

        (await full.RegisterAsync("one-too-many", function)).AssertError("ServiceQuotaExceededException", 402);
        (await fixture.NewCaller().RegisterAsync("one-too-many", function)).AssertOk();
        (await full.InRegion("ap-southeast-2").RegisterAsync("one-too-many", function)).AssertOk();
    }

    /// <summary>On SQLite.</summary>
    public sealed class OnSqlite(IsolationFixture fixture) : AccountIsolationTests(fixture), IClassFixture<IsolationFixture>;

    /// <summary>On PostgreSQL.</summary>
    public sealed class OnPostgres(IsolationFixture.OnPostgres fixture) : AccountIsolationTests(fixture), IClassFixture<IsolationFixture.OnPostgres>;
}
