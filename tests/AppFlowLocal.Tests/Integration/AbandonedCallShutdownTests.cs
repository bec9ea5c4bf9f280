using AppFlowLocal.Tests.Infrastructure;

namespace AppFlowLocal.Tests.Integration;

/// <summary>A registration whose client has left keeps running; a graceful stop waits for it rather than cutting it off.</summary>
public abstract class AbandonedCallShutdownTests(HeldInvocationFixture fixture)
{
    [Fact]
    public async Task A_graceful_stop_waits_for_a_registration_whose_client_already_left_and_it_is_stored()
    {
        var caller = fixture.NewCaller();
        var function = fixture.StandIn.NewFunction(LambdaStandInHost.Configuration("1.0"));
        var held = fixture.StandIn.HoldNext(function);
        using (var leaving = new CancellationTokenSource())
        {
            var abandoned = caller.RegisterAsync("orphan", fixture.StandIn.Arn(function), clientToken: "orphan-token", cancellationToken: leaving.Token);
            await held.Arrived;
            await leaving.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        }

        var stopping = fixture.Server.StopAsync();
        await fixture.Server.WaitForOutputAsync("Application is shutting down...");
        Assert.False(stopping.IsCompleted, "the server stopped with a registration still running");
        held.Release();
        await stopping;
        Assert.Equal(0, fixture.Server.ExitCode);

        await fixture.StartServerAsync();
        caller = new AppFlowCaller(fixture.Client, caller.Account);
        (await caller.DescribeAsync("orphan")).AssertOk();
        (await caller.RegisterAsync("orphan", fixture.StandIn.Arn(function), clientToken: "orphan-token")).AssertOk();
        Assert.Equal(1, fixture.StandIn.Invocations(function));
    }

    /// <summary>On SQLite.</summary>
    public sealed class OnSqlite(HeldInvocationFixture fixture) : AbandonedCallShutdownTests(fixture), IClassFixture<HeldInvocationFixture>;

    /// <summary>On PostgreSQL.</summary>
    public sealed class OnPostgres(HeldInvocationFixture.OnPostgres fixture) : AbandonedCallShutdownTests(fixture), IClassFixture<HeldInvocationFixture.OnPostgres>;
}
