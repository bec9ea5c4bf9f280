using AppFlowLocal.Tests.Infrastructure;
using Functions = AppFlowLocal.Tests.Infrastructure.LambdaStandInHost.Functions;

namespace AppFlowLocal.Tests.Integration;

public sealed class ServerLifecycleTests(ServerFixture fixture) : IClassFixture<ServerFixture>
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
        await Task.Delay(300);
        await fixture.Server.StopAsync();
        (await registering).AssertOk();
        await fixture.StartServerAsync();
        (await new AppFlowCaller(fixture.Client, caller.Account).DescribeAsync("in-flight")).AssertOk();
    }

    [Theory]
    [InlineData("--Registry:MaxConnectorsPerAccount=0", "Registry:MaxConnectorsPerAccount")]
    [InlineData("--Lambda:Timeout=-00:00:01", "Lambda:Timeout")]
    [InlineData("--Lambda:Endpoint=not a url", "Lambda:Endpoint")]
    [InlineData("--Identity:DefaultAccount=12", "Identity:DefaultAccount")]
    public async Task A_bad_setting_stops_the_server_with_a_message_naming_it(string setting, string named)
    {
        var result = await AppFlowServer.RunToExitAsync(fixture.Directory,
            [$"--Storage:ConnectionString=Data Source={Path.Combine(fixture.Directory, "never.db")}", setting]);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(named, result.StandardOutput + result.StandardError, StringComparison.Ordinal);
    }
}
