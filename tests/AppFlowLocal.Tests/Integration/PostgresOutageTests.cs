using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using AppFlowLocal.Tests.Infrastructure;
using Npgsql;

namespace AppFlowLocal.Tests.Integration;

/// <summary>A server over a PostgreSQL cluster of its own, which the tests stop and start under it.</summary>
public sealed class OwnClusterFixture : HeldInvocationFixture
{
    internal override bool UsesPostgres => true;

    internal override Task<PostgresCluster> CreateClusterAsync() => PostgresCluster.StartAsync(own: true);

    internal override async Task DisposeClusterAsync(PostgresCluster cluster) => await cluster.DisposeAsync();
}

/// <summary>
/// PostgreSQL going away under running nodes, and not being there when a node starts: requests fail
/// cleanly while it is away and succeed again when it is back, with no node restarted; the log says
/// once that it went and once that it came back.
/// </summary>
public sealed partial class PostgresOutageTests(OwnClusterFixture fixture) : IClassFixture<OwnClusterFixture>
{
    private LambdaStandInHost StandIn => fixture.StandIn;

    [Fact]
    public async Task While_the_database_is_stopped_requests_get_InternalServerException_and_after_it_restarts_they_succeed_on_the_same_node()
    {
        var cluster = fixture.Cluster!;
        var caller = fixture.NewCaller();
        var function = StandIn.NewFunction(LambdaStandInHost.Configuration("1.0"));
        (await caller.RegisterAsync("before", StandIn.Arn(function))).AssertOk();

        // A restart no request saw: the node's pooled connections are dead, and the next requests still succeed.
        await cluster.StopServerAsync();
        await cluster.StartServerAsync();
        (await caller.RegisterAsync("across-a-quiet-restart-with-a-token", StandIn.Arn(function), clientToken: "quiet-restart")).AssertOk();
        (await caller.DescribeAsync("before")).AssertOk();
        (await caller.RegisterAsync("across-a-quiet-restart", StandIn.Arn(function))).AssertOk();

        // A registration whose invocation is running when the database goes: its write cannot commit.
        var held = StandIn.HoldNext(function);
        var inFlight = caller.RegisterAsync("in-flight", StandIn.Arn(function));
        await held.Arrived;
        await cluster.StopServerAsync();
        held.Release();
        AssertInternalServerError(await inFlight);

        for (var i = 0; i < 5; i++)
        {
            AssertInternalServerError(await caller.DescribeAsync("before"));
            AssertInternalServerError(await caller.RegisterAsync($"during-{i}", StandIn.Arn(function)));
        }

        await cluster.StartServerAsync();

        // The first request after the restart already succeeds: no pooled connection from before is reused.
        (await caller.DescribeAsync("before")).AssertOk();
        (await caller.RegisterAsync("after", StandIn.Arn(function))).AssertOk();
        (await caller.DescribeAsync("in-flight")).AssertError("ResourceNotFoundException", 404);
        (await caller.DescribeAsync("during-0")).AssertError("ResourceNotFoundException", 404);
        Assert.Equal("ok", await fixture.IntegrityAsync());

        var log = fixture.Server.Output;
        Assert.True(UnreachableLine().Matches(log).Count == 1 && ReachableLine().Matches(log).Count == 1,
            $"Expected one line when the database went and one when it came back; the server logged:\n{log}");
        Assert.False(fixture.Server.HasExited);
    }

    [Fact]
    public async Task A_node_started_while_the_database_is_down_waits_for_it_and_starts_when_it_comes()
    {
        var cluster = fixture.Cluster!;
        await cluster.StopServerAsync();
        var starting = AppFlowServer.StartAsync(fixture.Directory, [.. fixture.Arguments, "--Storage:StartupTimeout=00:01:00"]);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.False(starting.IsCompleted);
        await cluster.StartServerAsync();

        await using var node = await starting;
        using var client = node.CreateClient();
        (await new AppFlowCaller(client, fixture.NewCaller().Account).RegisterAsync("waited", StandIn.Arn(LambdaStandInHost.Functions.SamplePython))).AssertOk();
    }

    [Fact]
    public async Task A_node_gives_up_after_the_startup_timeout_with_one_line_exit_2_and_no_password()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var connectionString = $"Host=127.0.0.1;Port={port};Username=appflow;Password=s3cret-Pa55;Database=registry";

        var clock = Stopwatch.StartNew();
        var result = await AppFlowServer.RunToExitAsync(fixture.Directory,
            ["--Storage:Provider=postgres", $"--Storage:ConnectionString={connectionString}", "--Storage:StartupTimeout=00:00:03"]);
        clock.Stop();

        var everything = result.StandardOutput + result.StandardError;
        Assert.True(result.ExitCode == 2, $"exit code {result.ExitCode}:\n{everything}");
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(3), $"gave up after {clock.Elapsed}");
        Assert.Equal("", result.StandardOutput);
        var line = Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith($"AppFlow Local cannot start: PostgreSQL database 'registry' on 127.0.0.1:{port}: cannot be reached (waited 3 s", line, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_migrated_by_a_newer_server_is_refused_and_left_as_it_was()
    {
        var database = await fixture.Cluster!.CreateDatabaseAsync();
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "CREATE TABLE schema_version (only_row boolean PRIMARY KEY DEFAULT true, version integer NOT NULL); INSERT INTO schema_version (version) VALUES (99);",
                connection);
            await command.ExecuteNonQueryAsync();
        }

        var result = await AppFlowServer.RunToExitAsync(fixture.Directory, ["--Storage:Provider=Postgres", $"--Storage:ConnectionString={database}"]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("holds schema version 99, newer than this server's", result.StandardError, StringComparison.Ordinal);
        await using var check = new NpgsqlConnection(database);
        await check.OpenAsync();
        await using var tables = new NpgsqlCommand("SELECT count(*) FROM pg_tables WHERE schemaname = 'public';", check);
        Assert.Equal(1L, await tables.ExecuteScalarAsync());
    }

    private static void AssertInternalServerError(AwsResponse response)
    {
        response.AssertError("InternalServerException", 500);
        Assert.False(string.IsNullOrEmpty(response.RequestId));
        Assert.Contains("message", response.Body, StringComparison.Ordinal);
    }

    [GeneratedRegex("The database cannot be reached")]
    private static partial Regex UnreachableLine();

    [GeneratedRegex("The database is reachable again")]
    private static partial Regex ReachableLine();
}
