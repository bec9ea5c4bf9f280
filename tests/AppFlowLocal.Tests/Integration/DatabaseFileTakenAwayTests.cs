using System.Net;
using System.Text.Json;
using AppFlowLocal.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace AppFlowLocal.Tests.Integration;

/// <summary>
/// The SQLite file taken from under a running server: deleted as <c>rm data/*</c> would, another database
/// renamed into its place, another database's bytes copied over it, its -wal removed. The server's
/// connections would go on committing to what they have open, which the next start never sees: every
/// write is refused instead (InternalServerException, saying which file and that the write was not
/// made), and health is 503 with the reason. Each test has a server of its own: nothing can use it after.
/// </summary>
public sealed class DatabaseFileTakenAwayTests : IAsyncLifetime
{
    private readonly ServerFixture server = new();

    public Task InitializeAsync() => server.InitializeAsync();

    public Task DisposeAsync() => server.DisposeAsync();

    [Fact]
    public async Task Once_the_database_files_are_deleted_writes_are_refused_health_says_why_and_nothing_acknowledged_is_lost_in_a_restart()
    {
        var caller = server.NewCaller();
        var arn = server.StandIn.Arn(server.StandIn.NewFunction(LambdaStandInHost.Configuration("1.0")));
        (await caller.RegisterAsync("before", arn)).AssertOk();

        foreach (var file in new[] { "", "-wal", "-shm" }.Select(suffix => server.DatabasePath + suffix))
        {
            File.Delete(file);
        }

        // Several at once, so that they are committed (or not) as a batch.
        var labels = Enumerable.Range(0, 16).Select(i => $"after-{i}").ToList();
        var answers = await Task.WhenAll(labels.Select(label => caller.RegisterAsync(label, arn)));
        var acknowledged = labels.Where((_, i) => answers[i].Status == HttpStatusCode.OK).ToList();
        var health = await HealthTests.GetHealthAsync(server.Client);
        var remade = File.Exists(server.DatabasePath);

        // Every write acknowledged is in the database the next start opens.
        await server.Server.CrashAsync();
        await server.Server.DisposeAsync();
        await server.StartServerAsync();
        var restarted = new AppFlowCaller(server.Client, caller.Account);
        foreach (var label in acknowledged)
        {
            (await restarted.DescribeAsync(label)).AssertOk();
        }

        (await restarted.RegisterAsync("after-restart", arn)).AssertOk();
        foreach (var answer in answers)
        {
            AssertRefused(answer, "was removed or renamed");
        }

        AssertNotReady(health, "was removed or renamed");
        Assert.False(remade, "Nothing may make an empty database in the removed one's place.");
    }

    [Fact]
    public async Task Another_database_renamed_into_its_place_makes_writes_refused_and_health_503()
    {
        var caller = server.NewCaller();
        var arn = server.StandIn.Arn(server.StandIn.NewFunction(LambdaStandInHost.Configuration("1.0")));
        (await caller.RegisterAsync("before", arn)).AssertOk();

        var other = await OtherDatabaseAsync();
        File.Move(other, server.DatabasePath, overwrite: true);

        AssertRefused(await caller.RegisterAsync("after", arn), "was replaced");
        await AssertNotReadyAsync("was replaced");
    }

    [Fact]
    public async Task Another_databases_bytes_copied_over_it_make_writes_refused_and_health_503()
    {
        var caller = server.NewCaller();
        var arn = server.StandIn.Arn(server.StandIn.NewFunction(LambdaStandInHost.Configuration("1.0")));
        (await caller.RegisterAsync("before", arn)).AssertOk();

        // In place: the same file (inode), other bytes, as cp over it does; nothing of SQLite wrote them.
        var bytes = await File.ReadAllBytesAsync(await OtherDatabaseAsync());
        await using (var file = new FileStream(server.DatabasePath, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
        {
            file.SetLength(0);
            await file.WriteAsync(bytes);
        }

        AssertRefused(await caller.RegisterAsync("after", arn), "was overwritten by another program");
        await AssertNotReadyAsync("was overwritten by another program");
    }

    [Fact]
    public async Task Once_its_write_ahead_log_is_deleted_writes_are_refused_and_health_503()
    {
        var caller = server.NewCaller();
        var arn = server.StandIn.Arn(server.StandIn.NewFunction(LambdaStandInHost.Configuration("1.0")));
        (await caller.RegisterAsync("before", arn)).AssertOk();

        // The commits not yet checkpointed are only there: "before" among them.
        File.Delete(server.DatabasePath + "-wal");

        AssertRefused(await caller.RegisterAsync("after", arn), "lost its write-ahead log");
        await AssertNotReadyAsync("lost its write-ahead log");
    }

    private void AssertRefused(AwsResponse answer, string change)
    {
        answer.AssertError("InternalServerException", 500);
        Assert.False(string.IsNullOrEmpty(answer.RequestId));
        Assert.Contains($"The database file {server.DatabasePath} {change}", answer.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("so nothing was written", answer.ErrorMessage, StringComparison.Ordinal);
    }

    private async Task AssertNotReadyAsync(string change) => AssertNotReady(await HealthTests.GetHealthAsync(server.Client), change);

    private void AssertNotReady((HttpStatusCode Status, JsonElement Health, HttpResponseMessage Response) answer, string change)
    {
        var (status, health, _) = answer;
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.False(health.GetProperty("storage").GetProperty("ready").GetBoolean());
        Assert.Contains($"the database file {server.DatabasePath} {change}", health.GetProperty("storage").GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    /// <summary>A valid SQLite database at this server's schema version, as another AppFlow Local's would be.</summary>
    private async Task<string> OtherDatabaseAsync()
    {
        var (_, health, _) = await HealthTests.GetHealthAsync(server.Client);
        var version = health.GetProperty("storage").GetProperty("schemaVersion").GetInt64();
        var path = Path.Combine(server.Directory, "other.db");
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"CREATE TABLE connectors (label TEXT PRIMARY KEY); INSERT INTO connectors VALUES ('someone else''s'); PRAGMA user_version = {version};";
        await command.ExecuteNonQueryAsync();
        return path;
    }
}
