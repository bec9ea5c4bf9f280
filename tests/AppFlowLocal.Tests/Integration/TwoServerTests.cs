using System.Collections.Concurrent;
using System.Net;
using AppFlowLocal.Tests.Infrastructure;

namespace AppFlowLocal.Tests.Integration;

/// <summary>
/// Two server processes over one database (a SQLite file, or a PostgreSQL database), as two nodes behind
/// a load balancer: they share nothing but storage, so whatever must hold across them has to be decided there.
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
    public async Task Fifty_concurrent_retries_of_one_token_across_both_servers_make_one_registration_with_one_invocation_and_one_ARN()
    {
        var onFirst = fixture.NewCaller();
        var onSecond = new AppFlowCaller(secondClient, onFirst.Account);
        var function = StandIn.NewFunction(LambdaStandInHost.Configuration("1.0"));
        var held = StandIn.HoldNext(function);

        var first = onFirst.RegisterAsync("shared", StandIn.Arn(function), clientToken: "across-nodes");
        await held.Arrived;
        var retries = Enumerable.Range(0, 49)
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

        Assert.Equal(onFirst.ConnectorArn("shared"), Assert.Single(responses.Select(r => r.Json.GetProperty("connectorArn").GetString()).Distinct()));
        Assert.Equal(1, StandIn.Invocations(function));
        var listed = (await onSecond.PostAsync("/list-connectors", Json.Object(("maxResults", 100)))).AssertOk().Json;
        Assert.Single(listed.GetProperty("connectors").EnumerateArray());
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
    public async Task Fifty_concurrent_registers_of_one_label_across_both_servers_make_one_success_and_49_ConflictExceptions()
    {
        var onFirst = fixture.NewCaller();
        var onSecond = new AppFlowCaller(secondClient, onFirst.Account);
        var function = StandIn.NewFunction(LambdaStandInHost.Configuration("1.0"), delay: TimeSpan.FromMilliseconds(200));
        var responses = await Task.WhenAll(Enumerable.Range(0, 50)
            .Select(i => (i % 2 == 0 ? onSecond : onFirst).RegisterAsync("raced", StandIn.Arn(function), description: $"d{i}")));
        Assert.Single(responses, r => r.Status == System.Net.HttpStatusCode.OK);
        Assert.Equal(49, responses.Count(r => r.Status != System.Net.HttpStatusCode.OK));
        Assert.All(responses.Where(r => r.Status != System.Net.HttpStatusCode.OK), r => r.AssertError("ConflictException", 409));
    }

    [Fact]
    public async Task Twenty_concurrent_updates_across_both_servers_leave_the_last_acknowledged_one_and_lose_none()
    {
        var onFirst = fixture.NewCaller();
        var onSecond = new AppFlowCaller(secondClient, onFirst.Account);
        var functions = Enumerable.Range(0, 3).Select(_ => StandIn.NewFunction(LambdaStandInHost.Configuration("1.0"), delay: TimeSpan.FromMilliseconds(50))).ToList();
        (await onFirst.RegisterAsync("updated", StandIn.Arn(functions[0]), description: "registered")).AssertOk();

        // Half the updates change only the description, half only the function: each writes back what it
        // read of the other field, so an update written over a change it did not see would undo that change.
        // Of updates racing, the ones that lost answer ConflictException and change nothing.
        var acknowledged = new ConcurrentQueue<(bool Description, string Value)>();
        await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            var changesDescription = i % 4 < 2;
            var value = changesDescription ? $"update-{i}" : StandIn.Arn(functions[1 + (i % 2)]);
            var on = i % 2 == 0 ? onSecond : onFirst;
            var response = changesDescription ? await on.UpdateAsync("updated", description: value) : await on.UpdateAsync("updated", lambdaArn: value);
            if (response.Status == HttpStatusCode.OK)
            {
                acknowledged.Enqueue((changesDescription, value));
            }
            else
            {
                response.AssertError("ConflictException", 409);
            }
        }));

        Assert.NotEmpty(acknowledged);
        var stored = (await onFirst.DescribeAsync("updated")).AssertOk().Json.GetProperty("connectorConfiguration");
        Assert.Equal(acknowledged.LastOrDefault(a => a.Description).Value ?? "registered", stored.GetProperty("connectorDescription").GetString());
        Assert.Equal(acknowledged.LastOrDefault(a => !a.Description).Value ?? StandIn.Arn(functions[0]),
            stored.GetProperty("connectorProvisioningConfig").GetProperty("lambda").GetProperty("lambdaArn").GetString());

        // The registration's revision counts the registration and every acknowledged update.
        Assert.Equal(1, await fixture.ExecuteSqlAsync(
            "UPDATE connectors SET revision = revision WHERE account = @account AND label = @label AND revision = @revision;",
            ("account", onFirst.Account), ("label", "updated"), ("revision", 1L + acknowledged.Count)));
    }

    [Fact]
    public async Task A_node_that_has_shown_a_connector_shows_the_other_nodes_change_at_once_and_a_label_registered_again_anew()
    {
        var onFirst = fixture.NewCaller();
        var onSecond = new AppFlowCaller(secondClient, onFirst.Account);
        (await onFirst.RegisterAsync("shown", StandIn.Arn(LambdaStandInHost.Functions.SamplePython), description: "first")).AssertOk();

        // The second node renders and keeps its views of this revision...
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("first", Described(await onSecond.DescribeAsync("shown")));
            Assert.Equal("first", Listed(await onSecond.PostAsync("/list-connectors", "{}"), "shown"));
        }

        // ...and a change made on the first node is what the second shows next, with no wait.
        (await onFirst.UpdateAsync("shown", description: "second")).AssertOk();
        Assert.Equal("second", Described(await onSecond.DescribeAsync("shown")));
        Assert.Equal("second", Listed(await onSecond.PostAsync("/list-connectors", "{}"), "shown"));

        // Unregistered and registered again (revision 1 again, a new registration): the new one, not the old.
        (await onFirst.UnregisterAsync("shown")).AssertOk();
        (await onSecond.DescribeAsync("shown")).AssertError("ResourceNotFoundException", 404);
        (await onFirst.RegisterAsync("shown", StandIn.Arn(LambdaStandInHost.Functions.SamplePython), description: "again")).AssertOk();
        Assert.Equal("again", Described(await onSecond.DescribeAsync("shown")));
        Assert.Equal("again", Listed(await onSecond.PostAsync("/list-connectors", "{}"), "shown"));

        static string? Described(AwsResponse response) =>
            response.AssertOk().Json.GetProperty("connectorConfiguration").GetProperty("connectorDescription").GetString();

        static string? Listed(AwsResponse response, string label) => response.AssertOk().Json.GetProperty("connectors").EnumerateArray()
            .Single(c => c.GetProperty("connectorLabel").GetString() == label).GetProperty("connectorDescription").GetString();
    }

    /// <summary>On SQLite.</summary>
    public sealed class OnSqlite(HeldInvocationFixture fixture) : TwoServerTests(fixture), IClassFixture<HeldInvocationFixture>;

    /// <summary>On PostgreSQL.</summary>
    public sealed class OnPostgres(HeldInvocationFixture.OnPostgres fixture) : TwoServerTests(fixture), IClassFixture<HeldInvocationFixture.OnPostgres>;
}
