using System.Globalization;
using AppFlowLocal.Tests.Infrastructure;
using static AppFlowLocal.Tests.Auth.BrowserRequest;

namespace AppFlowLocal.Tests.Auth;

/// <summary>
/// DNS rebinding in open mode: a page at a name its author points at 127.0.0.1 reaches the server as a same-origin
/// page, and only the Host header tells. Such a Host gets an AWS-shaped 403 on every route (no console page, no
/// connector invoked, no secret read); loopback names, IP addresses and the names in Auth:AllowedHosts are served.
/// On SQLite only: the refusal comes before any storage is read.
/// </summary>
public abstract class DnsRebindingTests(DnsRebindingTests.TeamNamesFixture fixture)
{
    private const string Password = "rebinding-pa55";

    private Uri Server => fixture.Server.BaseAddress;

    private string Port => Server.Port.ToString(CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("attacker.example:{port}")]
    [InlineData("attacker.example")]
    [InlineData("localhost.attacker.example:{port}")]
    [InlineData("127.0.0.1.nip.io:{port}")]
    [InlineData("corp.example:{port}")]
    [InlineData("appflow.team.example.attacker.example")]
    public async Task A_name_that_is_not_the_server_s_gets_neither_console_nor_connector_nor_secret(string host)
    {
        host = host.Replace("{port}", Port, StringComparison.Ordinal);
        var (caller, function, secretArn) = await ProfileWithPasswordAsync();
        var authorization = ("Authorization", OpenModeAuthorization(caller.Account));
        var invoked = fixture.StandIn.Invocations(function);

        var responses = new[]
        {
            await SendAsync(Server, HttpMethod.Get, "/", headers: ("Host", host)),
            await SendAsync(Server, HttpMethod.Get, $"/console/accounts/{caller.Account}/regions/us-east-1/profiles/rebound/entities", headers: ("Host", host)),
            await SendAsync(Server, HttpMethod.Post, "/", $$"""{"SecretId":"{{secretArn}}"}""", "application/x-amz-json-1.1",
                ("Host", host), ("X-Amz-Target", "secretsmanager.GetSecretValue"), ("Authorization", OpenModeAuthorization(caller.Account, "secretsmanager"))),
            await SendAsync(Server, HttpMethod.Post, "/list-connector-entities", """{"connectorProfileName":"rebound"}""", "application/json", ("Host", host), authorization),
            await SendAsync(Server, HttpMethod.Post, "/list-connectors", "{}", "application/json", ("Host", host), authorization),
            await SendAsync(Server, HttpMethod.Get, "/_appflow-local/health", headers: ("Host", host)),
        };

        foreach (var response in responses)
        {
            var message = response.AssertAccessDenied();
            Assert.StartsWith($"Host '{host}' is not a name of this server.", message, StringComparison.Ordinal);
            Assert.Contains("Auth:AllowedHosts", message, StringComparison.Ordinal);
            Assert.DoesNotContain(Password, response.Body, StringComparison.Ordinal);
        }

        Assert.Equal(invoked, fixture.StandIn.Invocations(function));
    }

    [Theory]
    [InlineData("localhost:{port}")]
    [InlineData("LOCALHOST")]
    [InlineData("127.0.0.1:{port}")]
    [InlineData("127.1.2.3:{port}")]
    [InlineData("[::1]:{port}")]
    [InlineData("console.localhost:{port}")]
    [InlineData("appflow.team.example:{port}")]
    [InlineData("APPFLOW.TEAM.EXAMPLE.")]
    [InlineData("a.corp.example:{port}")]
    public async Task Loopback_names_addresses_and_the_configured_names_are_served(string host)
    {
        host = host.Replace("{port}", Port, StringComparison.Ordinal);
        var (caller, _, secretArn) = await ProfileWithPasswordAsync();

        var console = await SendAsync(Server, HttpMethod.Get, $"/console/accounts/{caller.Account}/regions/us-east-1/profiles/rebound/entities", headers: ("Host", host));
        var secret = await SendAsync(Server, HttpMethod.Post, "/", $$"""{"SecretId":"{{secretArn}}"}""", "application/x-amz-json-1.1",
            ("Host", host), ("X-Amz-Target", "secretsmanager.GetSecretValue"), ("Authorization", OpenModeAuthorization(caller.Account, "secretsmanager")));

        console.AssertOk();
        Assert.Contains(Password, secret.AssertOk().Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_allowed_host_that_is_no_host_name_stops_the_server_at_start_up()
    {
        var directory = Directory.CreateTempSubdirectory("appflow-local-hosts-").FullName;
        try
        {
            var result = await AppFlowServer.RunToExitAsync(directory,
                [$"--Storage:ConnectionString=Data Source={Path.Combine(directory, "registry.db")}", "--Auth:AllowedHosts=good.example; bad host;team.example:8080"]);

            Assert.Equal(2, result.ExitCode);
            Assert.Contains("Auth:AllowedHosts: 'bad host' is not a host name without a port", result.StandardError, StringComparison.Ordinal);
            Assert.Contains("Auth:AllowedHosts: 'team.example:8080' is not a host name without a port", result.StandardError, StringComparison.Ordinal);
            Assert.DoesNotContain("good.example", result.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>A connector and its profile "rebound" with a password, in a fresh account; the connector lists one entity.</summary>
    private async Task<(AppFlowCaller Caller, string Function, string SecretArn)> ProfileWithPasswordAsync()
    {
        var caller = fixture.NewCaller();
        var function = fixture.StandIn.NewFunction("""
            {"isSuccess":true,"connectorName":"Rebound","connectorVersion":"1","connectorModes":["SOURCE"],"supportedApiVersions":["v1"],
             "authenticationConfig":{"isBasicAuthSupported":true}}
            """);
        (await caller.RegisterAsync("rebound", fixture.StandIn.Arn(function))).AssertOk();
        fixture.StandIn.Define(function, """{"isSuccess":true}""");
        (await caller.PostAsync("/create-connector-profile", Json.Object(
            ("connectorProfileName", "rebound"), ("connectorType", "CustomConnector"), ("connectorLabel", "rebound"), ("connectionMode", "Public"),
            ("connectorProfileConfig", new Dictionary<string, object>
            {
                ["connectorProfileProperties"] = new { CustomConnector = new { profileProperties = new Dictionary<string, string>() } },
                ["connectorProfileCredentials"] = new { CustomConnector = new { authenticationType = "BASIC", basic = new { username = "ada", password = Password } } },
            })))).AssertOk();
        fixture.StandIn.Define(function, """{"isSuccess":true,"entities":[{"entityIdentifier":"Account","label":"Accounts","hasNestedEntities":false}]}""");
        var secretArn = (await caller.PostAsync("/describe-connector-profiles", "{}")).AssertOk()
            .Json.GetProperty("connectorProfileDetails")[0].GetProperty("credentialsArn").GetString()!;
        return (caller, function, secretArn);
    }

    /// <summary>Open mode with two names a team put in front of it: one exact, one wildcard.</summary>
    public sealed class TeamNamesFixture : ServerFixture
    {
        protected override IEnumerable<string> Settings => ["--Auth:AllowedHosts=appflow.team.example;*.corp.example"];
    }

    /// <summary>On SQLite.</summary>
    public sealed class OnSqlite(TeamNamesFixture fixture) : DnsRebindingTests(fixture), IClassFixture<TeamNamesFixture>;
}
