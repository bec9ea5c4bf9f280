using AppFlowLocal.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace AppFlowLocal.Tests.Storage;

/// <summary>Writes committed together stay independent: one write's failure or refusal never takes another with it.</summary>
public sealed class SqliteGroupCommitTests : IAsyncLifetime
{
    private readonly string path = Path.Combine(Directory.CreateTempSubdirectory("appflow-group-").FullName, "group.db");
    private SqliteGroupCommit writes = null!;

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync(cancellationToken);

        // As the store opens its write connections.
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous=FULL;";
        await command.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    public async Task InitializeAsync()
    {
        await using (var connection = await OpenAsync(CancellationToken.None))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE items (name TEXT PRIMARY KEY);";
            await command.ExecuteNonQueryAsync();
        }

        writes = new SqliteGroupCommit(OpenAsync);
    }

    public async Task DisposeAsync()
    {
        await writes.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }

    private Task<string> Insert(string name, bool keep = true, bool fail = false) => writes.WriteAsync(async (connection, transaction) =>
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO items (name) VALUES ($name);";
        command.Parameters.AddWithValue("$name", name);
        await command.ExecuteNonQueryAsync();
        return fail ? throw new InvalidOperationException($"{name} failed after writing") : (name, keep);
    });

    private async Task<List<string>> NamesAsync()
    {
        await using var connection = await OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM items ORDER BY name;";
        await using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    [Fact]
    public async Task Concurrent_writes_all_commit_and_each_gets_its_own_result()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => Insert($"item-{i:D3}"))));
        Assert.Equal(200, results.Distinct().Count());
        Assert.Equal(200, (await NamesAsync()).Count);
    }

    [Fact]
    public async Task A_refused_or_failing_write_is_rolled_back_alone()
    {
        var kept = Insert("kept");
        var refused = Insert("refused", keep: false);
        var failing = Insert("failing", fail: true);
        var duplicate = Insert("kept");
        var after = Insert("after");

        Assert.Equal("kept", await kept);
        Assert.Equal("refused", await refused);
        await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        await Assert.ThrowsAsync<SqliteException>(() => duplicate);
        Assert.Equal("after", await after);
        Assert.Equal(["after", "kept"], await NamesAsync());
    }

    [Fact]
    public async Task A_refused_or_failing_write_alone_in_its_batch_leaves_nothing_and_the_writer_goes_on()
    {
        // Each awaited before the next, so each is a batch of its own (committed without a savepoint).
        Assert.Equal("refused", await Insert("refused", keep: false));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Insert("failing", fail: true));
        Assert.Empty(await NamesAsync());
        Assert.Equal("next", await Insert("next"));
        await Assert.ThrowsAsync<SqliteException>(() => Insert("next"));
        Assert.Equal("last", await Insert("last"));
        Assert.Equal(["last", "next"], await NamesAsync());
    }

    [Fact]
    public async Task Writes_queued_before_shutdown_are_committed()
    {
        var pending = Enumerable.Range(0, 20).Select(i => Insert($"late-{i:D2}")).ToList();
        await writes.DisposeAsync();
        await Task.WhenAll(pending);
        Assert.Equal(20, (await NamesAsync()).Count);
        Assert.Throws<ObjectDisposedException>(() => { _ = Insert("too-late"); });
        writes = new SqliteGroupCommit(OpenAsync);
    }

    private Task<long> SynchronousSeenBy(bool durable) => writes.WriteAsync(async (connection, transaction) =>
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "PRAGMA synchronous;";
        return ((long)(await command.ExecuteScalarAsync())!, false);
    }, durable);

    [Fact]
    public async Task A_batch_of_only_non_durable_writes_commits_without_fsync_and_one_durable_write_makes_the_batch_durable()
    {
        // Hold the writer in a batch of its own so the next writes queue up into one batch each time.
        async Task<long[]> BatchAsync(params bool[] durability)
        {
            var gate = new TaskCompletionSource();
            var holding = writes.WriteAsync(async (_, _) => { await gate.Task; return (0, false); });
            await Task.Delay(50);
            var seen = durability.Select(SynchronousSeenBy).ToList();
            gate.SetResult();
            await holding;
            return await Task.WhenAll(seen);
        }

        var relaxed = await BatchAsync(false, false);
        var durable = await BatchAsync(false, true, false);
        Assert.Equal(new long[] { 0, 0 }, relaxed);
        Assert.Equal(new long[] { 2, 2, 2 }, durable);
    }
}
