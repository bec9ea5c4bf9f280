using System.Text.Json;
using AppFlowLocal.Tests.Infrastructure;
using Functions = AppFlowLocal.Tests.Infrastructure.LambdaStandInHost.Functions;

namespace AppFlowLocal.Tests.Integration;

public abstract class ListingTests(ServerFixture fixture)
{
    private async Task<AppFlowCaller> CallerWith(params string[] labels)
    {
        var caller = fixture.NewCaller();
        foreach (var label in labels)
        {
            (await caller.RegisterAsync(label, fixture.StandIn.Arn(Functions.SamplePython), description: $"about {label}")).AssertOk();
        }

        return caller;
    }

    private static List<string> Labels(JsonElement page) =>
        page.GetProperty("connectors").EnumerateArray().Select(c => c.GetProperty("connectorLabel").GetString()!).ToList();

    [Theory]
    [InlineData("/list-connectors")]
    [InlineData("/describe-connectors")]
    public async Task Connectors_are_listed_by_label_as_ConnectorDetails(string path)
    {
        var caller = await CallerWith("charlie", "alpha", "bravo");
        var page = (await caller.PostAsync(path, "{}")).AssertOk().Json;
        Assert.Equal(["alpha", "bravo", "charlie"], Labels(page));
        Assert.False(page.TryGetProperty("nextToken", out _));
        var detail = page.GetProperty("connectors")[0];
        Assert.Equal("CustomConnector", detail.GetProperty("connectorType").GetString());
        Assert.Equal("about alpha", detail.GetProperty("connectorDescription").GetString());
        Assert.Equal("LAMBDA", detail.GetProperty("connectorProvisioningType").GetString());
        Assert.Equal(JsonValueKind.Number, detail.GetProperty("registeredAt").ValueKind);
        Assert.NotEmpty(detail.GetProperty("connectorModes").EnumerateArray());
        Assert.False(string.IsNullOrEmpty(detail.GetProperty("connectorVersion").GetString()));
    }

    [Fact]
    public async Task DescribeConnectors_accepts_a_CustomConnector_filter()
    {
        var caller = await CallerWith("one");
        Assert.Equal(["one"], Labels((await caller.PostAsync("/describe-connectors", """{"connectorTypes":["CustomConnector"]}""")).AssertOk().Json));
    }

    [Theory]
    [InlineData("/list-connectors")]
    [InlineData("/describe-connectors")]
    public async Task Pages_stay_correct_while_connectors_come_and_go(string path)
    {
        var caller = await CallerWith("a1", "a2", "a3", "a4", "a5");
        var first = (await caller.PostAsync(path, """{"maxResults":2}""")).AssertOk().Json;
        Assert.Equal(["a1", "a2"], Labels(first));
        var token = first.GetProperty("nextToken").GetString();

        // Between pages: one listed connector leaves, one arrives before the cursor, one after it.
        (await caller.UnregisterAsync("a1")).AssertOk();
        (await caller.RegisterAsync("a0", fixture.StandIn.Arn(Functions.SamplePython))).AssertOk();
        (await caller.RegisterAsync("a35", fixture.StandIn.Arn(Functions.SamplePython))).AssertOk();

        var second = (await caller.PostAsync(path, Json.Object(("maxResults", 2), ("nextToken", token)))).AssertOk().Json;
        Assert.Equal(["a3", "a35"], Labels(second));
        var third = (await caller.PostAsync(path, Json.Object(("maxResults", 2), ("nextToken", second.GetProperty("nextToken").GetString())))).AssertOk().Json;
        Assert.Equal(["a4", "a5"], Labels(third));
        Assert.False(third.TryGetProperty("nextToken", out _));
    }

    [Fact]
    public async Task The_default_page_is_twenty()
    {
        var caller = await CallerWith([.. Enumerable.Range(10, 21).Select(i => $"c{i}")]);
        var page = (await caller.PostAsync("/list-connectors", "{}")).AssertOk().Json;
        Assert.Equal(20, Labels(page).Count);
        Assert.True(page.TryGetProperty("nextToken", out _));
    }

    [Fact]
    public async Task A_nextToken_the_server_did_not_issue_is_a_validation_error()
    {
        var caller = await CallerWith("x1", "x2");
        var forged = (await caller.PostAsync("/list-connectors", """{"nextToken":"v1.eDE.AAAA"}""")).AssertError("ValidationException", 400);
        Assert.Contains("at 'nextToken'", forged.ErrorMessage, StringComparison.Ordinal);

        var token = (await caller.PostAsync("/list-connectors", """{"maxResults":1}""")).AssertOk().Json.GetProperty("nextToken").GetString();
        (await fixture.NewCaller().PostAsync("/list-connectors", Json.Object(("nextToken", token)))).AssertError("ValidationException", 400);
        (await caller.PostAsync("/describe-connectors", Json.Object(("nextToken", token)))).AssertError("ValidationException", 400);
    }

    [Theory]
    [InlineData("""{"maxResults":0}""")]
    [InlineData("""{"maxResults":101}""")]
    public async Task MaxResults_outside_1_to_100_is_a_validation_error(string body)
    {
        (await fixture.NewCaller().PostAsync("/list-connectors", body)).AssertError("ValidationException", 400);
    }

    /// <summary>On SQLite.</summary>
    public sealed class OnSqlite(ServerFixture fixture) : ListingTests(fixture), IClassFixture<ServerFixture>;

    /// <summary>On PostgreSQL.</summary>
    public sealed class OnPostgres(ServerFixture.OnPostgres fixture) : ListingTests(fixture), IClassFixture<ServerFixture.OnPostgres>;
}
