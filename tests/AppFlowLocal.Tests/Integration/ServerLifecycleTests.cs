using AppFlowLocal.Tests.Infrastructure;
using Functions = AppFlowLocal.Tests.Infrastructure.LambdaStandInHost.Functions;

namespace AppFlowLocal.Tests.Integration;

public abstract class ServerLifecycleTests(ServerFixture fixture)
{
    [Fact]
    public async Task Registrations_survive_a_crash_and_a_graceful_restart()
    {
        var caller = fixture.NewCaller();
        (await caller.RegisterAsync("durable", fixture.StandIn.Arn(Functions.SamplePython), description: "kept", clientToken: "durable-token")).AssertOk();
        var before = (await caller.DescribeAsync("durable")).AssertOk().Body;

        await fixture.Server.CrashAsync();
        await fixture.StartServerAsync();
        caller = new AppFlowCaller(fixture.Client, caller.Account);
        Assert.Equal(before, (await caller.DescribeAsync("durable")).AssertOk().Body);

        // The token survives too: a retry after the crash still replays.
        (await caller.RegisterAsync("durable", fixture.StandIn.Arn(Functions.SamplePython), description: "kept", clientToken: "durable-token")).AssertOk();

        await fixture.Server.StopAsync();
        Assert.Equal(0, fixture.Server.ExitCode);
        await fixture.StartServerAsync();
        caller = new AppFlowCaller(fixture.Client, caller.Account);
        Assert.Equal(before, (await caller.DescribeAsync("durable")).AssertOk().Body);
    }

    [Fact]
    public async Task A_graceful_stop_finishes_the_request_in_flight()
    {
        var caller = fixture.NewCaller();
        var function = fixture.StandIn.NewFunction(LambdaStandInHost.Configuration("1.0"), delay: TimeSpan.FromMilliseconds(1000));
        var registering = caller.RegisterAsync("in-flight", fixture.StandIn.Arn(function));

        // Stopped once the call is in flight (its function invoked), not after a guessed number of milliseconds.
        // (Not held by the test: the fixture's Lambda:Timeout is 15 s, and the function's second is within it.)
        while (fixture.StandIn.Invocations(function) == 0 && !registering.IsCompleted)
        {
            await Task.Delay(20);
        }

        await fixture.Server.StopAsync();
        (await registering).AssertOk();
        await fixture.StartServerAsync();
        (await new AppFlowCaller(fixture.Client, caller.Account).DescribeAsync("in-flight")).AssertOk();
    }

    [Fact]
    public async Task A_graceful_stop_waits_for_a_registration_longer_than_the_configured_shutdown_timeout()
    {
        // The host is configured to give requests 1 s after SIGTERM (its default is 30 s; shortened so the
        // test is fast). The function takes 3 s, well within Lambda:Timeout: the server must wait for it.
        var database = Path.Combine(fixture.Directory, "graceful-stop.db");
        string[] arguments = [.. fixture.Arguments, "--Lambda:Timeout=00:00:10", "--shutdownTimeoutSeconds=1",
            .. fixture.UsesPostgres ? [] : new[] { $"--Storage:ConnectionString=Data Source={database}" }];
        var function = fixture.StandIn.NewFunction(LambdaStandInHost.Configuration("1.0"), delay: TimeSpan.FromSeconds(3));
        await using var server = await AppFlowServer.StartAsync(fixture.Directory, arguments);
        using var client = server.CreateClient();
        var caller = AppFlowCaller.InFreshAccount(client);

        var registering = caller.RegisterAsync("outlives-shutdown-timeout", fixture.StandIn.Arn(function));
        while (fixture.StandIn.Invocations(function) == 0 && !registering.IsCompleted)
        {
            await Task.Delay(20);
        }

        await server.StopAsync();
        (await registering).AssertOk();
        Assert.Equal(0, server.ExitCode);

        await using var restarted = await AppFlowServer.StartAsync(fixture.Directory, arguments);
        using var restartedClient = restarted.CreateClient();
        (await new AppFlowCaller(restartedClient, caller.Account).DescribeAsync("outlives-shutdown-timeout")).AssertOk();
    }

    /// <summary>On SQLite.</summary>
    public sealed class OnSqlite(ServerFixture fixture) : ServerLifecycleTests(fixture), IClassFixture<ServerFixture>;

    /// <summary>On PostgreSQL.</summary>
    public sealed class OnPostgres(ServerFixture.OnPostgres fixture) : ServerLifecycleTests(fixture), IClassFixture<ServerFixture.OnPostgres>;
}
