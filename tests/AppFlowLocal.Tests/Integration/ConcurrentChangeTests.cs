using System.Text.Json;
using AppFlowLocal.Tests.Infrastructure;

namespace AppFlowLocal.Tests.Integration;

/// <summary>Invocations may be held for as long as a test needs to put other calls inside them.</summary>
public class HeldInvocationFixture : ServerFixture
{
    protected override IEnumerable<string> Settings => ["--Lambda:Timeout=00:00:30"];

    /// <summary>The same fixture over PostgreSQL.</summary>
    public new sealed class OnPostgres : HeldInvocationFixture
    {
        internal override bool UsesPostgres => true;
    }
}

/// <summary>
/// An update reads the registration, invokes the function (for as long as it takes), then writes. These
/// put another change inside that invocation: the update must never overwrite what it did not see.
/// </summary>
public abstract class ConcurrentChangeTests(HeldInvocationFixture fixture)
{
    private LambdaStandInHost StandIn => fixture.StandIn;

    private static async Task<JsonElement> ConfigurationOf(AppFlowCaller caller, string label) =>
        (await caller.DescribeAsync(label)).AssertOk().Json.GetProperty("connectorConfiguration");

    private static string? LambdaArnOf(JsonElement configuration) =>
        configuration.GetProperty("connectorProvisioningConfig").GetProperty("lambda").GetProperty("lambdaArn").GetString();

    private static void AssertChangedMeanwhile(AwsResponse response, string label)
    {
        response.AssertError("ConflictException", 409);
        Assert.Contains($"The connector {label} was changed by another request", response.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_update_that_answers_after_another_update_was_acknowledged_is_a_conflict_and_the_acknowledged_change_stays()
    {
        var caller = fixture.NewCaller();
        var function = StandIn.NewFunction(LambdaStandInHost.Configuration("1.0"));
        (await caller.RegisterAsync("lost-update", StandIn.Arn(function), description: "old")).AssertOk();

        var held = StandIn.HoldNext(function);
        var slow = caller.UpdateAsync("lost-update");
        await held.Arrived;
        (await caller.UpdateAsync("lost-update", description: "new")).AssertOk();
        held.Release();

        AssertChangedMeanwhile(await slow, "lost-update");
        Assert.Equal("new", (await ConfigurationOf(caller, "lost-update")).GetProperty("connectorDescription").GetString());
    }

    [Fact]
    public async Task An_update_in_flight_while_the_label_is_unregistered_and_registered_again_leaves_the_new_registration_alone()
    {
        var caller = fixture.NewCaller();
        var first = StandIn.NewFunction(LambdaStandInHost.Configuration("1.0", name: "First"));
        var second = StandIn.NewFunction(LambdaStandInHost.Configuration("2.0", name: "Second"));
        (await caller.RegisterAsync("reborn", StandIn.Arn(first), description: "old")).AssertOk();

        var held = StandIn.HoldNext(first);
        var slow = caller.UpdateAsync("reborn", description: "meant-for-the-old-one");
        await held.Arrived;
        (await caller.UnregisterAsync("reborn")).AssertOk();
        (await caller.RegisterAsync("reborn", StandIn.Arn(second), description: "new")).AssertOk();
        var reborn = (await caller.DescribeAsync("reborn")).AssertOk().Body;
        held.Release();

        AssertChangedMeanwhile(await slow, "reborn");
        Assert.Equal(reborn, (await caller.DescribeAsync("reborn")).AssertOk().Body);
    }

    [Fact]
    public async Task An_update_in_flight_while_the_label_is_unregistered_finds_it_gone()
    {
        var caller = fixture.NewCaller();
        var function = StandIn.NewFunction(LambdaStandInHost.Configuration("1.0"));
        (await caller.RegisterAsync("gone", StandIn.Arn(function))).AssertOk();

        var held = StandIn.HoldNext(function);
        var slow = caller.UpdateAsync("gone", description: "too late");
        await held.Arrived;
        (await caller.UnregisterAsync("gone")).AssertOk();
        held.Release();

        (await slow).AssertError("ResourceNotFoundException", 404);
        (await caller.DescribeAsync("gone")).AssertError("ResourceNotFoundException", 404);
    }

    [Fact]
    public async Task A_refresh_of_the_current_function_that_answers_after_a_move_never_stores_its_configuration_next_to_the_new_function()
    {
        var caller = fixture.NewCaller();
        var current = StandIn.NewFunction(LambdaStandInHost.Configuration("1.0", name: "Current"));
        var target = StandIn.NewFunction(LambdaStandInHost.Configuration("9.0", name: "Target"));
        (await caller.RegisterAsync("moved", StandIn.Arn(current))).AssertOk();

        var held = StandIn.HoldNext(current);
        var refresh = caller.UpdateAsync("moved");
        await held.Arrived;
        (await caller.UpdateAsync("moved", lambdaArn: StandIn.Arn(target))).AssertOk();
        held.Release();

        AssertChangedMeanwhile(await refresh, "moved");
        var configuration = await ConfigurationOf(caller, "moved");
        Assert.Equal((StandIn.Arn(target), "Target", "9.0"),
            (LambdaArnOf(configuration), configuration.GetProperty("connectorName").GetString(), configuration.GetProperty("connectorVersion").GetString()));
    }

    [Fact]
    public async Task A_move_that_answers_after_a_refresh_of_the_current_function_does_not_undo_the_refresh()
    {
        var caller = fixture.NewCaller();
        var current = StandIn.NewFunction(LambdaStandInHost.Configuration("1.0", name: "Current"));
        var target = StandIn.NewFunction(LambdaStandInHost.Configuration("9.0", name: "Target"));
        (await caller.RegisterAsync("refreshed", StandIn.Arn(current), description: "kept")).AssertOk();

        var held = StandIn.HoldNext(target);
        var move = caller.UpdateAsync("refreshed", lambdaArn: StandIn.Arn(target));
        await held.Arrived;
        StandIn.Define(current, LambdaStandInHost.Configuration("1.1", name: "Current"));
        (await caller.UpdateAsync("refreshed", description: "refreshed")).AssertOk();
        held.Release();

        AssertChangedMeanwhile(await move, "refreshed");
        var configuration = await ConfigurationOf(caller, "refreshed");
        Assert.Equal((StandIn.Arn(current), "1.1", "refreshed"),
            (LambdaArnOf(configuration), configuration.GetProperty("connectorVersion").GetString(), configuration.GetProperty("connectorDescription").GetString()));
    }

    [Fact]
    public async Task Updates_one_after_another_all_apply()
    {
        var caller = fixture.NewCaller();
        var function = StandIn.NewFunction(LambdaStandInHost.Configuration("1.0"));
        (await caller.RegisterAsync("sequential", StandIn.Arn(function))).AssertOk();
        for (var i = 0; i < 5; i++)
        {
            (await caller.UpdateAsync("sequential", description: $"d{i}")).AssertOk();
        }

        Assert.Equal("d4", (await ConfigurationOf(caller, "sequential")).GetProperty("connectorDescription").GetString());
    }

    [Fact]
    public async Task A_register_whose_client_disconnected_mid_invocation_still_completes_and_its_retry_replays_with_one_invocation()
    {
        var caller = fixture.NewCaller();
        var function = StandIn.NewFunction(LambdaStandInHost.Configuration("1.0"));
        var held = StandIn.HoldNext(function);

        // The client leaves once its call is inside the invocation (not earlier: a call abandoned
        // before it was read never starts, which is another story).
        using (var leaving = new CancellationTokenSource())
        {
            var abandoned = caller.RegisterAsync("abandoned", StandIn.Arn(function), clientToken: "left-early", cancellationToken: leaving.Token);
            await held.Arrived;
            await leaving.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        }

        var retry = caller.RegisterAsync("abandoned", StandIn.Arn(function), clientToken: "left-early");
        held.Release();

        Assert.Equal(caller.ConnectorArn("abandoned"), (await retry).AssertOk().Json.GetProperty("connectorArn").GetString());
        (await caller.DescribeAsync("abandoned")).AssertOk();
        Assert.Equal(1, StandIn.Invocations(function));
    }

    /// <summary>On SQLite.</summary>
    public sealed class OnSqlite(HeldInvocationFixture fixture) : ConcurrentChangeTests(fixture), IClassFixture<HeldInvocationFixture>;

    /// <summary>On PostgreSQL.</summary>
    public sealed class OnPostgres(HeldInvocationFixture.OnPostgres fixture) : ConcurrentChangeTests(fixture), IClassFixture<HeldInvocationFixture.OnPostgres>;
}
