using System.Net;
using AppFlowLocal.Tests.Infrastructure;

namespace AppFlowLocal.Tests.WebConsole;

/// <summary>
/// The console's pages over HTTP in open mode, on both providers: every account and region with its connectors,
/// a profile's entities through its connector, what is not there, and console forms sent from another site.
/// </summary>
public abstract class WebConsolePageTests(ServerFixture fixture)
{
    private LambdaStandInHost StandIn => fixture.StandIn;

    /// <summary>The page, its character references decoded (the console encodes quotes and every non-ASCII character).</summary>
    private async Task<(HttpStatusCode Status, string Html)> PageAsync(string path)
    {
        using var response = await fixture.Client.GetAsync(path);
        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        return (response.StatusCode, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Open_mode_shows_every_account_and_region_with_its_connectors()
    {
        var first = fixture.NewCaller();
        var second = fixture.NewCaller("eu-west-1");
        var function = StandIn.Arn(StandIn.NewFunction(LambdaStandInHost.Configuration("3.1", "Everywhere")));
        (await first.RegisterAsync("first-crm", function)).AssertOk();
        (await first.RegisterAsync("first-erp", function)).AssertOk();
        (await second.RegisterAsync("second-crm", function)).AssertOk();

        var (status, html) = await PageAsync("/");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"Account {first.Account} · us-east-1 (2 connectors)", html, StringComparison.Ordinal);
        Assert.Contains($"Account {second.Account} · eu-west-1 (1 connector)", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/console/accounts/{first.Account}/regions/us-east-1/connectors/first-erp\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/console/accounts/{second.Account}/regions/eu-west-1/connectors/second-crm\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_profile_s_entities_are_listed_by_its_connector_and_the_connector_s_failure_is_shown_not_a_500()
    {
        var caller = fixture.NewCaller();
        var function = StandIn.NewFunction("""
            {"isSuccess":true,"connectorName":"Entities","connectorVersion":"1","connectorModes":["SOURCE"],"supportedApiVersions":["v1"],
             "authenticationConfig":{"isBasicAuthSupported":true}}
            """);
        (await caller.RegisterAsync("with-entities", StandIn.Arn(function))).AssertOk();
        StandIn.Define(function, """{"isSuccess":true}""");
        (await caller.PostAsync("/create-connector-profile", Json.Object(
            ("connectorProfileName", "browsing"), ("connectorType", "CustomConnector"), ("connectorLabel", "with-entities"), ("connectionMode", "Public"),
            ("connectorProfileConfig", new Dictionary<string, object>
            {
                ["connectorProfileProperties"] = new { CustomConnector = new { profileProperties = new Dictionary<string, string>() } },
                ["connectorProfileCredentials"] = new { CustomConnector = new { authenticationType = "BASIC", basic = new { username = "u", password = "p" } } },
            })))).AssertOk();
        StandIn.Define(function, """
            {"isSuccess":true,"entities":[{"entityIdentifier":"Account","label":"Customer accounts","hasNestedEntities":false},
                                          {"entityIdentifier":"Sales","label":"Sales","hasNestedEntities":true}]}
            """);
        var entities = $"/console/accounts/{caller.Account}/regions/us-east-1/profiles/browsing/entities";

        var connector = await PageAsync($"/console/accounts/{caller.Account}/regions/us-east-1/connectors/with-entities");
        var listed = await PageAsync(entities);
        StandIn.DefineUnhandledError(function);
        var failed = await PageAsync(entities);

        Assert.Contains("<td>browsing</td><td>BASIC</td>", connector.Html, StringComparison.Ordinal);
        Assert.Contains($"href=\"{entities}\"", connector.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, listed.Status);
        Assert.Contains("<td>Account</td><td>Customer accounts</td>", listed.Html, StringComparison.Ordinal);
        Assert.Contains($"href=\"{entities}?path=Sales\"", listed.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, failed.Status);
        Assert.Contains("ConnectorServerException: ", failed.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await PageAsync($"/console/accounts/{caller.Account}/regions/us-east-1/profiles/none/entities")).Status);
    }

    [Fact]
    public async Task An_unregistered_connector_keeps_its_history_page_and_what_never_existed_is_a_404_page()
    {
        var caller = fixture.NewCaller();
        (await caller.RegisterAsync("short-lived", StandIn.Arn(StandIn.NewFunction(LambdaStandInHost.Configuration("1.0"))))).AssertOk();
        (await caller.UnregisterAsync("short-lived")).AssertOk();
        var prefix = $"/console/accounts/{caller.Account}/regions/us-east-1/connectors/";

        var gone = await PageAsync(prefix + "short-lived");

        Assert.Equal(HttpStatusCode.OK, gone.Status);
        Assert.Contains("This connector is not registered any more", gone.Html, StringComparison.Ordinal);
        Assert.Contains("<strong>Unregistered</strong>", gone.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await PageAsync(prefix + "never")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await PageAsync($"/console/accounts/{caller.Account}/regions/Not-A-Region/connectors/short-lived")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await PageAsync("/console/no/such/page")).Status);
    }

    [Theory]
    [InlineData("Origin", "http://attacker.example")]
    [InlineData("Origin", "null")]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("Sec-Fetch-Site", "same-site")]
    public async Task A_console_form_sent_from_another_site_is_refused(string header, string value)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/console/logout");
        request.Headers.Add(header, value);

        // Not following redirects: the refusal must be the POST's own answer.
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.Server.BaseAddress };
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("AccessDeniedException", response.Headers.GetValues("x-amzn-ErrorType").Single());
        Assert.Contains("Cross-site requests are refused", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Console_pages_forbid_scripts_and_framing()
    {
        using var response = await fixture.Client.GetAsync("/");

        Assert.Equal("default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
            response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    /// <summary>On SQLite.</summary>
    public sealed class OnSqlite(ServerFixture fixture) : WebConsolePageTests(fixture), IClassFixture<ServerFixture>;

    /// <summary>On PostgreSQL.</summary>
    public sealed class OnPostgres(ServerFixture.OnPostgres fixture) : WebConsolePageTests(fixture), IClassFixture<ServerFixture.OnPostgres>;
}
