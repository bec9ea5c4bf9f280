using System.Globalization;
using AppFlowLocal.Tests.Infrastructure;
using static AppFlowLocal.Tests.Auth.BrowserRequest;

namespace AppFlowLocal.Tests.Auth;

/// <summary>
/// A page of another site cannot use its visitor's browser against the server: whatever a browser marks as sent
/// by another site (Sec-Fetch-Site other than same-origin or none, or an Origin that is not the server's) is an
/// AWS-shaped 403 on every route and changes nothing, while clients that send neither header (the SDKs, the aws
/// CLI, curl) are served whatever their content type. On SQLite only: the refusal comes before any storage is read.
/// </summary>
public abstract class CrossSiteRequestTests(ServerFixture fixture)
{
    private Uri Server => fixture.Server.BaseAddress;

    private string OwnOrigin => $"http://127.0.0.1:{Server.Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>What a browser adds to a request a page of another site makes; another port on the same host is another site too.</summary>
    public static TheoryData<string, string> CrossSite => new()
    {
        { "Origin", "http://evil.example" },
        { "Origin", "null" },
        { "Origin", "http://127.0.0.1:1" },
        { "Sec-Fetch-Site", "cross-site" },
        { "Sec-Fetch-Site", "same-site" },
    };

    [Theory]
    [MemberData(nameof(CrossSite))]
    public async Task A_page_of_another_site_can_neither_unregister_a_connector_nor_register_one(string header, string value)
    {
        // The open mode default account, as a page's form or text/plain fetch (which sends no Authorization) reaches it.
        var caller = new AppFlowCaller(fixture.Client, "000000000000");
        var label = "victim-" + Guid.NewGuid().ToString("N")[..12];
        var planted = "planted-" + Guid.NewGuid().ToString("N")[..12];
        (await caller.RegisterAsync(label, fixture.StandIn.Arn(fixture.StandIn.NewFunction(LambdaStandInHost.Configuration("1.0"))))).AssertOk();

        var unregister = await SendAsync(Server, HttpMethod.Post, "/unregister-connector",
            $$"""{"connectorLabel":"{{label}}","forceDelete":true}""", "text/plain", (header, value));
        var register = await SendAsync(Server, HttpMethod.Post, "/register-connector",
            RegisterBody(planted, fixture.StandIn.Arn(LambdaStandInHost.Functions.SamplePython)),
            "text/plain", (header, value));

        foreach (var refused in new[] { unregister, register })
        {
            var message = refused.AssertAccessDenied();
            Assert.StartsWith("Cross-site requests are refused: it carries " + header, message, StringComparison.Ordinal);
        }

        (await caller.DescribeAsync(label)).AssertOk();
        (await caller.DescribeAsync(planted)).AssertError("ResourceNotFoundException", 404);
    }

    [Theory]
    [InlineData("POST", "/list-connectors")]
    [InlineData("POST", "/describe-connector-profiles")]
    [InlineData("POST", "/")]
    [InlineData("GET", "/")]
    [InlineData("GET", "/console/accounts/000000000000/regions/us-east-1/connectors/any")]
    [InlineData("GET", "/console/accounts/000000000000/regions/us-east-1/profiles/any/entities")]
    [InlineData("GET", "/console/login")]
    [InlineData("POST", "/console/logout")]
    [InlineData("GET", "/_appflow-local/health")]
    [InlineData("GET", "/_appflow-local/invocations")]
    [InlineData("GET", "/_appflow-local/connectors/any/check")]
    [InlineData("GET", "/metrics")]
    [InlineData("OPTIONS", "/register-connector")]
    public async Task Every_route_refuses_a_request_a_browser_marks_as_another_site_s(string method, string path)
    {
        var body = method == "POST" ? "{}" : null;
        var target = path == "/" && method == "POST" ? [("X-Amz-Target", "secretsmanager.GetSecretValue")] : Array.Empty<(string, string)>();

        var bySite = await SendAsync(Server, new HttpMethod(method), path, body, "text/plain", [.. target, ("Sec-Fetch-Site", "cross-site")]);
        var byOrigin = await SendAsync(Server, new HttpMethod(method), path, body, "text/plain", [.. target, ("Origin", "http://evil.example")]);

        Assert.Contains("Sec-Fetch-Site: cross-site", bySite.AssertAccessDenied(), StringComparison.Ordinal);
        Assert.Contains($"Origin: http://evil.example, which is not this server's own ({OwnOrigin})", byOrigin.AssertAccessDenied(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clients_without_those_headers_and_the_server_s_own_pages_are_served_whatever_the_content_type()
    {
        var caller = fixture.NewCaller();
        var authorization = ("Authorization", OpenModeAuthorization(caller.Account));
        var function = fixture.StandIn.Arn(fixture.StandIn.NewFunction(LambdaStandInHost.Configuration("1.0")));
        string Register(string label) =>
            RegisterBody(label, function);

        (await SendAsync(Server, HttpMethod.Post, "/register-connector", Register("plain-text"), "text/plain", authorization)).AssertOk();
        (await SendAsync(Server, HttpMethod.Post, "/register-connector", Register("own-page"), "application/json",
            authorization, ("Origin", OwnOrigin), ("Sec-Fetch-Site", "same-origin"))).AssertOk();
        (await SendAsync(Server, HttpMethod.Post, "/register-connector", Register("old-browser"), "application/json", authorization, ("Origin", OwnOrigin))).AssertOk();
        (await SendAsync(Server, HttpMethod.Post, "/unregister-connector", """{"connectorLabel":"plain-text"}""", "text/plain", authorization)).AssertOk();
        (await SendAsync(Server, HttpMethod.Get, "/", headers: ("Sec-Fetch-Site", "none"))).AssertOk();
        (await SendAsync(Server, HttpMethod.Get, "/_appflow-local/health", headers: ("Sec-Fetch-Site", "same-origin"))).AssertOk();

        (await caller.DescribeAsync("own-page")).AssertOk();
        (await caller.DescribeAsync("old-browser")).AssertOk();
        (await caller.DescribeAsync("plain-text")).AssertError("ResourceNotFoundException", 404);
    }

    /// <summary>On SQLite.</summary>
    public sealed class OnSqlite(ServerFixture fixture) : CrossSiteRequestTests(fixture), IClassFixture<ServerFixture>;
}
