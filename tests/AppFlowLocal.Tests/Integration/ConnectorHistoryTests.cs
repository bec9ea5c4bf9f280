using System.Text.Json;
using AppFlowLocal.Tests.Infrastructure;
using Functions = AppFlowLocal.Tests.Infrastructure.LambdaStandInHost.Functions;

namespace AppFlowLocal.Tests.Integration;

/// <summary>A server that keeps the last three history entries of each registration.</summary>
public class ShortHistoryFixture : ServerFixture
{
    protected override IEnumerable<string> Settings => ["--Console:HistoryLimit=3"];

    /// <summary>The same fixture over PostgreSQL.</summary>
    public new sealed class OnPostgres : ShortHistoryFixture
    {
        internal override bool UsesPostgres => true;
    }
}

/// <summary>
/// <c>GET /_appflow-local/connectors/{label}/history</c>: every successful register, update and unregister
/// leaves an entry, stored with the change itself, kept across restarts, per registration identity and
/// bounded by Console:HistoryLimit.
/// </summary>
public abstract class ConnectorHistoryTests(ShortHistoryFixture fixture)
{
    private LambdaStandInHost StandIn => fixture.StandIn;

    [Fact]
    public async Task Register_and_update_leave_two_versions_that_survive_a_restart()
    {
        var caller = fixture.NewCaller();
        var function = StandIn.NewFunction(LambdaStandInHost.Configuration("1.0"));
        (await caller.RegisterAsync("versioned", StandIn.Arn(function))).AssertOk();
        StandIn.Define(function, LambdaStandInHost.Configuration("2.0"));
        (await caller.UpdateAsync("versioned")).AssertOk();

        var history = await HistoryAsync(caller, "versioned");
        Assert.Equal(2, history.Count);
        Assert.Equal(["Updated", "Registered"], history.Select(e => e.GetProperty("action").GetString()));
        Assert.Equal(["2.0", "1.0"], history.Select(e => e.GetProperty("connectorVersion").GetString()));
        Assert.Equal([2L, 1L], history.Select(e => e.GetProperty("sequence").GetInt64()));
        Assert.Equal(["connectorVersion"], history[0].GetProperty("changes").EnumerateArray().Select(c => c.GetString()));
        Assert.All(history, e => Assert.Equal(StandIn.Arn(function), e.GetProperty("lambdaArn").GetString()));
        Assert.All(history, e => Assert.Equal($"arn:aws:iam::{caller.Account}:root", e.GetProperty("by").GetString()));

        await fixture.Server.StopAsync();
        await fixture.StartServerAsync();
        var afterRestart = await HistoryAsync(new AppFlowCaller(fixture.Client, caller.Account), "versioned");
        Assert.Equal(history.Select(e => e.GetRawText()), afterRestart.Select(e => e.GetRawText()));
    }

    [Fact]
    public async Task An_update_names_what_it_changed_and_a_failed_update_leaves_no_entry()
    {
        var caller = fixture.NewCaller();
        (await caller.RegisterAsync("changing", StandIn.Arn(Functions.SamplePython), description: "first")).AssertOk();
        (await caller.UpdateAsync("changing", description: "second")).AssertOk();
        (await caller.UpdateAsync("changing", lambdaArn: StandIn.Arn(Functions.Throws))).AssertError("ConnectorServerException", 400);

        var history = await HistoryAsync(caller, "changing");
        Assert.Equal(2, history.Count);
        Assert.Equal(["description"], history[0].GetProperty("changes").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task Unregister_closes_the_history_and_registering_again_starts_a_new_one()
    {
        var caller = fixture.NewCaller();
        (await caller.RegisterAsync("reborn", StandIn.Arn(Functions.SamplePython))).AssertOk();
        (await caller.UnregisterAsync("reborn")).AssertOk();

        var closed = (await caller.GetAsync("/_appflow-local/connectors/reborn/history")).AssertOk().Json;
        var entries = closed.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(["Unregistered", "Registered"], entries.Select(e => e.GetProperty("action").GetString()));
        Assert.False(entries[0].TryGetProperty("lambdaArn", out _));

        (await caller.RegisterAsync("reborn", StandIn.Arn(Functions.SampleJava))).AssertOk();
        var reopened = (await caller.GetAsync("/_appflow-local/connectors/reborn/history")).AssertOk().Json;
        var entry = Assert.Single(reopened.GetProperty("history").EnumerateArray());
        Assert.Equal("Registered", entry.GetProperty("action").GetString());
        Assert.Equal(StandIn.Arn(Functions.SampleJava), entry.GetProperty("lambdaArn").GetString());
        Assert.NotEqual(closed.GetProperty("registrationId").GetString(), reopened.GetProperty("registrationId").GetString());
    }

    [Fact]
    public async Task Only_the_last_HistoryLimit_entries_are_kept()
    {
        var caller = fixture.NewCaller();
        (await caller.RegisterAsync("long-lived", StandIn.Arn(Functions.SamplePython))).AssertOk();
        for (var i = 0; i < 4; i++)
        {
            (await caller.UpdateAsync("long-lived", description: $"revision {i}")).AssertOk();
        }

        var history = await HistoryAsync(caller, "long-lived");
        Assert.Equal([5L, 4L, 3L], history.Select(e => e.GetProperty("sequence").GetInt64()));
        var stored = await fixture.ExecuteSqlAsync("UPDATE connector_history SET changes = changes WHERE label = 'long-lived';");
        Assert.Equal(3, stored);
    }

    [Fact]
    public async Task Another_account_cannot_read_the_history_and_an_unknown_label_is_not_found()
    {
        var caller = fixture.NewCaller();
        (await caller.RegisterAsync("private", StandIn.Arn(Functions.SamplePython))).AssertOk();
        (await fixture.NewCaller().GetAsync("/_appflow-local/connectors/private/history")).AssertError("ResourceNotFoundException", 404);
        (await caller.GetAsync("/_appflow-local/connectors/never/history")).AssertError("ResourceNotFoundException", 404);
    }

    private static async Task<List<JsonElement>> HistoryAsync(AppFlowCaller caller, string label)
    {
        var json = (await caller.GetAsync($"/_appflow-local/connectors/{label}/history")).AssertOk().Json;
        Assert.Equal(label, json.GetProperty("connectorLabel").GetString());
        return [.. json.GetProperty("history").EnumerateArray()];
    }

    /// <summary>On SQLite.</summary>
    public sealed class OnSqlite(ShortHistoryFixture fixture) : ConnectorHistoryTests(fixture), IClassFixture<ShortHistoryFixture>;

    /// <summary>On PostgreSQL.</summary>
    public sealed class OnPostgres(ShortHistoryFixture.OnPostgres fixture) : ConnectorHistoryTests(fixture), IClassFixture<ShortHistoryFixture.OnPostgres>;
}
