using System.Text.Json;
using AppFlowLocal.Tests.Infrastructure;

namespace AppFlowLocal.Tests.Integration;

/// <summary>
/// ListConnectorEntities and DescribeConnectorEntity against connectors that answer more, or other, than the
/// API can pass on: pages cut to maxResults with nextTokens of the server's own, and range bounds no double holds.
/// </summary>
public abstract class ConnectorEntityTests(ConnectorProfileFixture fixture)
{
    private LambdaStandInHost StandIn => fixture.StandIn;

    /// <summary>A connector supporting BASIC only, without settings.</summary>
    private const string BasicOnlyConfiguration = """
        {"isSuccess":true,"connectorOwner":"Tests","connectorName":"BasicOnly","connectorVersion":"1","connectorModes":["SOURCE"],
         "supportedApiVersions":["v1"],
         "authenticationConfig":{"isBasicAuthSupported":true,"isApiKeyAuthSupported":false,"isOAuth2Supported":false,"isCustomAuthSupported":false}}
        """;

    /// <summary>A registered stand-in connector with profile <c>p</c>; the function answers what the test defines next.</summary>
    private async Task<(AppFlowCaller Caller, string Function)> ProfileAsync()
    {
        var caller = fixture.NewCaller();
        var function = StandIn.NewFunction(BasicOnlyConfiguration);
        (await caller.RegisterAsync("basic", StandIn.Arn(function))).AssertOk();
        StandIn.Define(function, """{"isSuccess":true}""");
        foreach (var name in new[] { "p", "q" })
        {
            (await caller.PostAsync("/create-connector-profile", Json.Object(
                ("connectorProfileName", name), ("connectorType", "CustomConnector"), ("connectorLabel", "basic"), ("connectionMode", "Public"),
                ("connectorProfileConfig", new Dictionary<string, object>
                {
                    ["connectorProfileProperties"] = new Dictionary<string, object> { ["CustomConnector"] = new { profileProperties = new Dictionary<string, string>() } },
                    ["connectorProfileCredentials"] = new Dictionary<string, object>
                    {
                        ["CustomConnector"] = new { authenticationType = "BASIC", basic = new { username = "ada", password = "pw" } },
                    },
                })))).AssertOk();
        }

        return (caller, function);
    }

    /// <summary>A ListEntitiesResponse with the entities named, as a connector that ignores maxResult answers.</summary>
    internal static string EntitiesAnswer(IEnumerable<string> names, string? nextToken) => JsonSerializer.Serialize(new
    {
        isSuccess = true,
        entities = names.Select(name => new { entityIdentifier = name, hasNestedEntities = false, isWritable = false, label = name }),
        nextToken,
    });

    private static Task<AwsResponse> ListEntities(AppFlowCaller caller, string profile, int? maxResults = null, string? nextToken = null, string? entitiesPath = null) =>
        caller.PostAsync("/list-connector-entities", Json.Object(
            ("connectorProfileName", profile), ("connectorType", "CustomConnector"), ("entitiesPath", entitiesPath), ("maxResults", maxResults), ("nextToken", nextToken)));

    private static List<string> Names(AwsResponse response) =>
        [.. response.Json.GetProperty("connectorEntityMap").GetProperty("Objects").EnumerateArray().Select(e => e.GetProperty("name").GetString()!)];

    private static string? NextToken(AwsResponse response) => response.Json.TryGetProperty("nextToken", out var token) ? token.GetString() : null;

    private JsonElement LastEvent(string function) => JsonDocument.Parse(StandIn.LastBody(function)!).RootElement;

    [Fact]
    public async Task A_connector_that_ignores_maxResults_is_paged_to_maxResults_and_every_entity_comes_once()
    {
        var (caller, function) = await ProfileAsync();
        StandIn.Define(function, EntitiesAnswer(["a", "b", "c", "d", "e"], "connector-page-2"));

        var first = (await ListEntities(caller, "p", maxResults: 2)).AssertOk();
        Assert.Equal(["a", "b"], Names(first));
        Assert.Equal(2, LastEvent(function).GetProperty("maxResult").GetInt32());
        var second = (await ListEntities(caller, "p", maxResults: 2, nextToken: NextToken(first))).AssertOk();
        Assert.Equal(["c", "d"], Names(second));
        Assert.False(LastEvent(function).TryGetProperty("nextToken", out _));
        var third = (await ListEntities(caller, "p", maxResults: 2, nextToken: NextToken(second))).AssertOk();
        Assert.Equal(["e"], Names(third));
        Assert.NotEqual("connector-page-2", NextToken(third));

        // The connector's own next page, asked for with its own token.
        StandIn.Define(function, EntitiesAnswer(["f"], null));
        var fourth = (await ListEntities(caller, "p", maxResults: 2, nextToken: NextToken(third))).AssertOk();
        Assert.Equal(["f"], Names(fourth));
        Assert.Null(NextToken(fourth));
        Assert.Equal("connector-page-2", LastEvent(function).GetProperty("nextToken").GetString());

        StandIn.Define(function, EntitiesAnswer(["a", "b", "c", "d", "e"], null));
        var one = (await ListEntities(caller, "p", maxResults: 1)).AssertOk();
        Assert.Equal(["a"], Names(one));
        Assert.NotNull(NextToken(one));
    }

    [Fact]
    public async Task Without_maxResults_a_page_holds_at_most_the_model_s_10000_entities()
    {
        var (caller, function) = await ProfileAsync();
        var names = Enumerable.Range(0, 10_001).Select(i => $"e{i}").ToList();
        StandIn.Define(function, EntitiesAnswer(names, null));

        var first = (await ListEntities(caller, "p")).AssertOk();
        Assert.Equal(names[..10_000], Names(first));
        Assert.False(LastEvent(function).TryGetProperty("maxResult", out _));
        var second = (await ListEntities(caller, "p", nextToken: NextToken(first))).AssertOk();
        Assert.Equal(["e10000"], Names(second));
        Assert.Null(NextToken(second));
    }

    [Fact]
    public async Task A_nextToken_the_server_did_not_issue_for_this_listing_is_a_ValidationException_and_asks_the_connector_nothing()
    {
        var (caller, function) = await ProfileAsync();
        StandIn.Define(function, EntitiesAnswer(["a", "b", "c"], null));
        var token = NextToken((await ListEntities(caller, "p", maxResults: 1, entitiesPath: "x")).AssertOk())!;
        var invocations = StandIn.Invocations(function);

        foreach (var (profile, path, nextToken) in new[] { ("p", "x", "connector-token"), ("p", "y", token), ("p", null, token), ("q", "x", token) })
        {
            var refused = (await ListEntities(caller, profile, maxResults: 1, nextToken: nextToken, entitiesPath: path)).AssertError("ValidationException", 400);
            Assert.EndsWith("at 'nextToken' failed to satisfy constraint: Member must be a nextToken returned by an earlier ListConnectorEntities call of this account and region",
                refused.ErrorMessage, StringComparison.Ordinal);
        }

        (await fixture.NewCaller().PostAsync("/list-connector-entities", Json.Object(("connectorProfileName", "p"), ("nextToken", token))))
            .AssertError("ValidationException", 400);
        Assert.Equal(invocations, StandIn.Invocations(function));
        Assert.Equal(["b"], Names((await ListEntities(caller, "p", maxResults: 1, nextToken: token, entitiesPath: "x")).AssertOk()));
    }

    [Theory]
    [InlineData(0, "Member must have value greater than or equal to 1")]
    [InlineData(10_001, "Member must have value less than or equal to 10000")]
    public async Task MaxResults_outside_the_model_s_range_is_a_ValidationException(int maxResults, string constraint)
    {
        var (caller, _) = await ProfileAsync();

        var refused = (await ListEntities(caller, "p", maxResults: maxResults)).AssertError("ValidationException", 400);

        Assert.Contains($"at 'maxResults' failed to satisfy constraint: {constraint}", refused.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1e400")]
    [InlineData("-1e400")]
    [InlineData("\"1e400\"")]
    [InlineData("\"NaN\"")]
    [InlineData("\"-Infinity\"")]
    public async Task A_field_range_bound_no_double_holds_is_a_ConnectorServerException_naming_the_field(string bound)
    {
        var (caller, function) = await ProfileAsync();
        StandIn.Define(function, """
            {"isSuccess":true,"entityDefinition":{"entity":{"entityIdentifier":"Deal","hasNestedEntities":false},"fields":[
              {"fieldName":"Id","dataType":"String"},
              {"fieldName":"Amount","dataType":"BigDecimal","constraints":{"allowedValueRange":{"minRange":0,"maxRange":BOUND}}}]}}
            """.Replace("BOUND", bound, StringComparison.Ordinal));

        var refused = (await caller.PostAsync("/describe-connector-entity", Json.Object(
            ("connectorProfileName", "p"), ("connectorType", "CustomConnector"), ("connectorEntityName", "Deal")))).AssertError("ConnectorServerException", 400);

        Assert.Equal($"Connector function {StandIn.Arn(function)} returned a DescribeEntityResponse whose entityDefinition.fields[1] (Amount) has maxRange {bound}, " +
            "which is not a finite number a double can hold.", refused.ErrorMessage);
    }

    public sealed class OnSqlite(ConnectorProfileFixture fixture) : ConnectorEntityTests(fixture), IClassFixture<ConnectorProfileFixture>;

    public sealed class OnPostgres(ConnectorProfileFixture.OnPostgres fixture) : ConnectorEntityTests(fixture), IClassFixture<ConnectorProfileFixture.OnPostgres>;
}
