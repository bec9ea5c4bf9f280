using AppFlowLocal.Tests.Infrastructure;

namespace AppFlowLocal.Tests.Integration;

/// <summary>
/// Two server processes over one SQLite file, as two nodes over one database: they share nothing but
/// storage, so whatever must hold across them has to be decided there.
/// </summary>
public abstract class TwoServerTests(HeldInvocationFixture fixture) : IAsyncLifetime
{
    private AppFlowServer second = null!;
    private HttpClient secondClient = null!;

    private LambdaStandInHost StandIn => fixture.StandIn;

    public async Task InitializeAsync()
    {
        second = await AppFlowServer.StartAsync(fixture.Directory, fixture.Arguments);
        secondClient = second.CreateClient();
    }

    public async Task DisposeAsync()
    {
        secondClient.Dispose();
        await second.DisposeAsync();
    }

    [Fact]
    public async Task Concurrent_retries_of_one_token_across_both_servers_invoke_once_and_all_replay_the_first_outcome()
    {
        var onFirst = fixture.NewCaller();
        var onSecond = new AppFlowCaller(secondClient, onFirst.Account);
        var function = StandIn.NewFunction(LambdaStandInHost.Configuration("1.0"));
        var held = StandIn.HoldNext(function);

        var first = onFirst.RegisterAsync("shared", StandIn.Arn(function), clientToken: "across-nodes");
        await held.Arrived;
        var retries = Enumerable.Range(0, 8)
            .Select(i => (i % 2 == 0 ? onSecond : onFirst).RegisterAsync("shared", StandIn.Arn(function), clientToken: "across-nodes"))
            .ToList();
        await Task.Delay(300);
        Assert.DoesNotContain(retries, r => r.IsCompleted);
        held.Release();

        var responses = await Task.WhenAll([first, .. retries]);
        foreach (var response in responses)
        {
            response.AssertOk();
        }

        Assert.Single(responses.Select(r => r.Body).Distinct());
        Assert.Equal(1, StandIn.Invocations(function));
        (await onSecond.DescribeAsync("shared")).AssertOk();
    }

    [Fact]
    public async Task A_retry_on_the_other_server_after_the_first_committed_replays_without_invoking()
    {
        var onFirst = fixture.NewCaller();
        var onSecond = new AppFlowCaller(secondClient, onFirst.Account);
        var function = StandIn.NewFunction(LambdaStandInHost.Configuration("1.0"));
        var first = (await onFirst.RegisterAsync("committed", StandIn.Arn(function), clientToken: "committed-token")).AssertOk();
        var replay = (await onSecond.RegisterAsync("committed", StandIn.Arn(function), clientToken: "committed-token")).AssertOk();
        Assert.Equal(first.Body, replay.Body);
        Assert.Equal(1, StandIn.Invocations(function));
    }

    [Fact]
    public async Task A_label_raced_on_both_servers_is_registered_once()
    {
        var onFirst = fixture.NewCaller();
        var onSecond = new AppFlowCaller(secondClient, onFirst.Account);
        var function = StandIn.NewFunction(LambdaStandInHost.Configuration("1.0"), delay: TimeSpan.FromMilliseconds(200));
        var responses = await Task.WhenAll(Enumerable.Range(0, 10)
            .Select(i => (i % 2 == 0 ? onSecond : onFirst).RegisterAsync("raced", StandIn.Arn(function), description: $"d{i}")));
        Assert.Single(responses, r => r.Status == System.Net.HttpStatusCode.OK);
        Assert.All(responses.Where(r => r.Status != System.Net.HttpStatusCode.OK), r => r.AssertError("ConflictException", 409));
    }

    /// <summary>On SQLite.</summary>
    public sealed class OnSqlite(HeldInvocationFixture fixture) : TwoServerTests(fixture), IClassFixture<HeldInvocationFixture>;

    /// <summary>On PostgreSQL.</summary>
    public sealed class OnPostgres(HeldInvocationFixture.OnPostgres fixture) : TwoServerTests(fixture), IClassFixture<HeldInvocationFixture.OnPostgres>;
}
