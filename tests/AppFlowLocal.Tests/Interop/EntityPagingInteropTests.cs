using AppFlowLocal.Tests.Infrastructure;
using AppFlowLocal.Tests.Integration;

namespace AppFlowLocal.Tests.Interop;

/// <summary>ListConnectorEntities paged through the aws CLI (botocore has no paginator for it, so the user passes --next-token on).</summary>
public sealed class EntityPagingInteropTests(InteropFixture fixture) : IClassFixture<InteropFixture>
{
    private const string BasicOnlyConfiguration = """
        {"isSuccess":true,"connectorOwner":"Tests","connectorName":"BasicOnly","connectorVersion":"1","connectorModes":["SOURCE"],
         "supportedApiVersions":["v1"],
         "authenticationConfig":{"isBasicAuthSupported":true,"isApiKeyAuthSupported":false,"isOAuth2Supported":false,"isCustomAuthSupported":false}}
        """;

    [Fact]
    public async Task The_CLI_pages_a_connector_that_ignores_maxResults_and_gets_every_entity_once()
    {
        var caller = fixture.NewCaller();
        var function = fixture.StandIn.NewFunction(BasicOnlyConfiguration);
        (await caller.RegisterAsync("basic", fixture.StandIn.Arn(function))).AssertOk();
        fixture.StandIn.Define(function, """{"isSuccess":true}""");
        (await caller.PostAsync("/create-connector-profile", Json.Object(
            ("connectorProfileName", "p"), ("connectorType", "CustomConnector"), ("connectorLabel", "basic"), ("connectionMode", "Public"),
            ("connectorProfileConfig", new Dictionary<string, object>
            {
                ["connectorProfileProperties"] = new Dictionary<string, object> { ["CustomConnector"] = new { profileProperties = new Dictionary<string, string>() } },
                ["connectorProfileCredentials"] = new Dictionary<string, object>
                {
                    ["CustomConnector"] = new { authenticationType = "BASIC", basic = new { username = "ada", password = "pw" } },
                },
            })))).AssertOk();
        var all = Enumerable.Range(1, 7).Select(i => $"entity-{i}").ToList();
        fixture.StandIn.Define(function, ConnectorEntityTests.EntitiesAnswer(all, null));

        var seen = new List<string>();
        string? nextToken = null;
        var pages = 0;
        do
        {
            string[] arguments = ["list-connector-entities", "--connector-profile-name", "p", "--connector-type", "CustomConnector", "--max-results", "3",
                .. nextToken is null ? Array.Empty<string>() : ["--next-token", nextToken]];
            var page = (await AwsCli.AppFlowAsync(fixture, caller.Account, arguments)).AssertOutput($"page {++pages}");
            var names = page.GetProperty("connectorEntityMap").GetProperty("Objects").EnumerateArray().Select(e => e.GetProperty("name").GetString()!).ToList();
            Assert.InRange(names.Count, 1, 3);
            seen.AddRange(names);
            nextToken = page.TryGetProperty("nextToken", out var token) ? token.GetString() : null;
        }
        while (nextToken is not null && pages < 10);

        Assert.Equal(all, seen);
        Assert.Equal(3, pages);
    }
}
