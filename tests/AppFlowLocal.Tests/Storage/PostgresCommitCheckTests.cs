using System.Collections.Concurrent;
using AppFlowLocal.Storage.Postgres;
using Microsoft.Extensions.Logging.Abstractions;

namespace AppFlowLocal.Tests.Storage;

/// <summary>
/// How reads share the snapshot checks that let PostgreSQL's recent reads be answered from memory: a read
/// takes the answer of a check sent after it asked, never of one already in flight (whose snapshot may
/// predate a write acknowledged before the read began). The checks here are held by the test.
/// </summary>
public sealed class PostgresCommitCheckTests
{
    private readonly ConcurrentQueue<TaskCompletionSource<string?>> sent = new();

    private PostgresCommitCheck Check(DatabaseHealth? health = null) => new(() =>
    {
        var check = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        sent.Enqueue(check);
        return check.Task;
    }, health ?? new DatabaseHealth(NullLogger<DatabaseHealth>.Instance));

    private async Task<TaskCompletionSource<string?>> SentAsync(int count)
    {
        for (var waited = 0; sent.Count < count; waited += 10)
        {
            Assert.True(waited < 10_000, $"check {count} was never sent");
            await Task.Delay(10);
        }

        return sent.ElementAt(count - 1);
    }

    [Fact]
    public async Task A_read_that_asks_while_a_check_is_in_flight_waits_for_the_next_one_and_reads_that_ask_together_share_one()
    {
        var commits = Check();
        var first = commits.NextAsync();
        var inFlight = await SentAsync(1);

        // Asked after the first check was sent: a write acknowledged just before these asked may be missing from its snapshot.
        var second = commits.NextAsync();
        var third = commits.NextAsync();
        inFlight.SetResult("10:12:10");
        Assert.Equal("10:12:10", (await first)?.Text);
        Assert.False(second.IsCompleted);

        (await SentAsync(2)).SetResult("10:13:");
        Assert.Equal("10:13:", (await second)?.Text);
        Assert.Equal("10:13:", (await third)?.Text);
        Assert.Equal("10:13:", commits.Latest?.Text);
        Assert.Equal(2, sent.Count);
    }

    [Fact]
    public async Task A_check_that_fails_answers_nothing_and_the_next_read_sends_a_new_one()
    {
        var commits = Check();
        var failing = commits.NextAsync();
        (await SentAsync(1)).SetException(new InvalidOperationException("connection broken"));
        Assert.Null(await failing);
        Assert.Null(commits.Latest);

        var next = commits.NextAsync();
        (await SentAsync(2)).SetResult("7:7:");
        Assert.Equal("7:7:", (await next)?.Text);
    }

    [Fact]
    public async Task No_check_is_sent_while_the_database_is_known_to_be_unreachable()
    {
        var health = new DatabaseHealth(NullLogger<DatabaseHealth>.Instance);
        health.Failed(new TimeoutException("down"));
        Assert.Null(await Check(health).NextAsync());
        Assert.Empty(sent);
    }
}
