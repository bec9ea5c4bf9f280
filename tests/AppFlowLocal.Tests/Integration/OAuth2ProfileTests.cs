using System.Text.Json;
using AppFlowLocal.Tests.Infrastructure;

namespace AppFlowLocal.Tests.Integration;

/// <summary>
/// OAUTH2 connector profiles (issue 17): the token URL and grant type the registered configuration allows, the
/// token request AppFlow makes (an authorization code exchanged, a client-credentials token fetched) against a
/// real local token endpoint, and the tokens kept as the profile's secret.
/// </summary>
public abstract class OAuth2ProfileTests(ConnectorProfileFixture fixture)
{
    private LambdaStandInHost StandIn => fixture.StandIn;

    private TokenEndpointStandIn Tokens => fixture.Tokens;

    private const string ClientSecret = "cl1ent-s3cret";
    private const string AuthCode = "auth-c0de-123";

    private static string Granted => """{"access_token":"granted-access","token_type":"Bearer","refresh_token":"granted-refresh","expires_in":3600}""";

    /// <summary>A connector supporting OAUTH2 only, at the token URLs given, with both grant types the SDKs support.</summary>
    internal static string OAuth2Configuration(params string[] tokenUrls) => $$$$"""
        {"isSuccess":true,"connectorOwner":"Tests","connectorName":"OAuthOnly","connectorVersion":"1","connectorModes":["SOURCE"],
         "supportedApiVersions":["v1"],
         "authenticationConfig":{"isBasicAuthSupported":false,"isApiKeyAuthSupported":false,"isOAuth2Supported":true,"isCustomAuthSupported":false,
           "oAuth2Defaults":{"tokenURL":{{{{JsonSerializer.Serialize(tokenUrls)}}}},"authURL":["https://login.example.com/authorize"],
             "oAuthScopes":["read","write"],"oAuth2GrantTypesSupported":["AUTHORIZATION_CODE","CLIENT_CREDENTIALS"],
             "oAuth2CustomProperties":[{"key":"audience","required":true,"label":"Audience","description":"Token audience","type":"TOKEN_URL"}]}}}
        """;

    private static string Body(string name, string label, object oauth2, string tokenUrl, string grant, Dictionary<string, string>? custom = null) => Json.Object(
        ("connectorProfileName", name), ("connectorType", "CustomConnector"), ("connectorLabel", label), ("connectionMode", "Public"),
        ("connectorProfileConfig", new Dictionary<string, object>
        {
            ["connectorProfileProperties"] = new Dictionary<string, object>
            {
                ["CustomConnector"] = new Dictionary<string, object>
                {
                    ["profileProperties"] = new Dictionary<string, string> { ["instanceName"] = "demo" },
                    ["oAuth2Properties"] = new { tokenUrl, oAuth2GrantType = grant, tokenUrlCustomProperties = custom ?? new() { ["audience"] = "crm-api" } },
                },
            },
            ["connectorProfileCredentials"] = new Dictionary<string, object>
            {
                ["CustomConnector"] = new Dictionary<string, object> { ["authenticationType"] = "OAUTH2", ["oauth2"] = oauth2 },
            },
        }));

    private static object WithCode => new
    {
        clientId = "client-1", clientSecret = ClientSecret, oAuthRequest = new { authCode = AuthCode, redirectUri = "https://app.example.com/callback" },
    };

    private async Task<(AppFlowCaller Caller, string Function)> RegisteredAsync(params string[] tokenUrls)
    {
        var caller = fixture.NewCaller();
        var function = StandIn.NewFunction(OAuth2Configuration(tokenUrls));
        (await caller.RegisterAsync("oauth", StandIn.Arn(function))).AssertOk();
        StandIn.Define(function, """{"isSuccess":true}""");
        return (caller, function);
    }

    private static async Task<JsonElement> SecretOf(AppFlowCaller caller, string name)
    {
        var profiles = (await caller.PostAsync("/describe-connector-profiles", Json.Object(("connectorProfileNames", new[] { name })))).AssertOk();
        var arn = Assert.Single(profiles.Json.GetProperty("connectorProfileDetails").EnumerateArray()).GetProperty("credentialsArn").GetString()!;
        var secret = (await caller.GetSecretValueAsync(arn)).AssertOk();
        return JsonDocument.Parse(secret.Json.GetProperty("SecretString").GetString()!).RootElement;
    }

    [Fact]
    public async Task An_authorization_code_is_exchanged_at_the_token_URL_and_the_granted_tokens_become_the_secret()
    {
        var tokenUrl = Tokens.NewTokenUrl(200, Granted);
        var (caller, function) = await RegisteredAsync(tokenUrl);

        (await caller.PostAsync("/create-connector-profile", Body("p", "oauth", WithCode, tokenUrl, "AUTHORIZATION_CODE"))).AssertOk();

        var request = Assert.Single(Tokens.Requests(tokenUrl));
        Assert.Equal(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = AuthCode, ["redirect_uri"] = "https://app.example.com/callback",
            ["client_id"] = "client-1", ["client_secret"] = ClientSecret, ["audience"] = "crm-api",
        }, request);
        var secret = await SecretOf(caller, "p");
        Assert.Equal(["accessToken", "refreshToken", "clientId", "clientSecret"], secret.EnumerateObject().Select(m => m.Name));
        Assert.Equal("granted-access", secret.GetProperty("accessToken").GetString());
        Assert.Equal("granted-refresh", secret.GetProperty("refreshToken").GetString());
        Assert.Equal(ClientSecret, secret.GetProperty("clientSecret").GetString());
        Assert.Equal("OAuth2", JsonDocument.Parse(StandIn.LastBody(function)!).RootElement.GetProperty("credentials").GetProperty("authenticationType").GetString());

        var described = (await caller.PostAsync("/describe-connector-profiles", "{}")).AssertOk();
        Assert.DoesNotContain("granted-access", described.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(ClientSecret, described.Body, StringComparison.Ordinal);
        var properties = Assert.Single(described.Json.GetProperty("connectorProfileDetails").EnumerateArray())
            .GetProperty("connectorProfileProperties").GetProperty("CustomConnector").GetProperty("oAuth2Properties");
        Assert.Equal(tokenUrl, properties.GetProperty("tokenUrl").GetString());
        Assert.Equal("AUTHORIZATION_CODE", properties.GetProperty("oAuth2GrantType").GetString());
        Assert.Equal("crm-api", properties.GetProperty("tokenUrlCustomProperties").GetProperty("audience").GetString());
    }

    [Fact]
    public async Task A_client_credentials_profile_without_a_token_fetches_one_with_the_connector_s_scopes()
    {
        var tokenUrl = Tokens.NewTokenUrl(200, """{"access_token":"machine-token","token_type":"Bearer"}""");
        var (caller, _) = await RegisteredAsync(tokenUrl);

        (await caller.PostAsync("/create-connector-profile", Body("p", "oauth", new { clientId = "client-2", clientSecret = ClientSecret }, tokenUrl, "CLIENT_CREDENTIALS")))
            .AssertOk();

        var request = Assert.Single(Tokens.Requests(tokenUrl));
        Assert.Equal("client_credentials", request["grant_type"]);
        Assert.Equal("read write", request["scope"]);
        Assert.Equal("client-2", request["client_id"]);
        var secret = await SecretOf(caller, "p");
        Assert.Equal("machine-token", secret.GetProperty("accessToken").GetString());
        Assert.False(secret.TryGetProperty("refreshToken", out _));
    }

    [Fact]
    public async Task A_profile_that_brings_its_access_token_asks_the_token_URL_nothing()
    {
        var tokenUrl = Tokens.NewTokenUrl(500, "{}");
        var (caller, _) = await RegisteredAsync(tokenUrl);

        (await caller.PostAsync("/create-connector-profile", Body("p", "oauth",
            new { clientId = "client-3", accessToken = "brought-access", refreshToken = "brought-refresh" }, tokenUrl, "CLIENT_CREDENTIALS"))).AssertOk();

        Assert.Empty(Tokens.Requests(tokenUrl));
        var secret = await SecretOf(caller, "p");
        Assert.Equal("brought-access", secret.GetProperty("accessToken").GetString());
        Assert.Equal("brought-refresh", secret.GetProperty("refreshToken").GetString());
    }

    [Fact]
    public async Task A_token_URL_that_refuses_the_code_is_a_ConnectorAuthenticationException_and_nothing_is_stored_or_invoked()
    {
        var tokenUrl = Tokens.NewTokenUrl(400, """{"error":"invalid_grant","error_description":"The code has expired"}""");
        var (caller, function) = await RegisteredAsync(tokenUrl);

        var refused = (await caller.PostAsync("/create-connector-profile", Body("p", "oauth", WithCode, tokenUrl, "AUTHORIZATION_CODE")))
            .AssertError("ConnectorAuthenticationException", 401);

        Assert.Equal($"Error authenticating to connector: the token URL {tokenUrl} refused the AUTHORIZATION_CODE grant (HTTP 400): invalid_grant: The code has expired",
            refused.ErrorMessage);
        Assert.DoesNotContain(ClientSecret, refused.Body, StringComparison.Ordinal);
        Assert.Equal(1, StandIn.Invocations(function));
        Assert.Empty((await caller.PostAsync("/describe-connector-profiles", "{}")).AssertOk().Json.GetProperty("connectorProfileDetails").EnumerateArray());

        var unreachable = "http://127.0.0.1:9/token";
        var (other, _) = await RegisteredAsync(unreachable);
        (await other.PostAsync("/create-connector-profile", Body("p", "oauth", WithCode, unreachable, "AUTHORIZATION_CODE")))
            .AssertError("ConnectorAuthenticationException", 401);
    }

    [Fact]
    public async Task What_the_configuration_rules_out_is_a_ValidationException_before_any_token_request()
    {
        var tokenUrl = Tokens.NewTokenUrl(200, Granted);
        var (caller, function) = await RegisteredAsync(tokenUrl);
        async Task<string> Refused(string body) => (await caller.PostAsync("/create-connector-profile", body)).AssertError("ValidationException", 400).ErrorMessage;

        Assert.Equal("connectorProfileConfig.connectorProfileProperties.CustomConnector.oAuth2Properties.tokenUrl 'https://elsewhere.example.com/token' " +
            $"is not a token URL of connector oauth; it lists {tokenUrl}",
            await Refused(Body("p", "oauth", WithCode, "https://elsewhere.example.com/token", "AUTHORIZATION_CODE")));
        Assert.Equal("Connector oauth does not support OAuth2 grant type JWT_BEARER; it supports AUTHORIZATION_CODE, CLIENT_CREDENTIALS; " +
            "connectorProfileConfig.connectorProfileCredentials.CustomConnector.oauth2.accessToken is required for grant type JWT_BEARER: " +
            "a custom connector's credentials have no member for its assertion",
            await Refused(Body("p", "oauth", new { clientId = "c" }, tokenUrl, "JWT_BEARER")));
        Assert.Equal("connectorProfileConfig.connectorProfileCredentials.CustomConnector.oauth2 needs an accessToken, or oAuthRequest.authCode to exchange " +
            "at the token URL, for grant type AUTHORIZATION_CODE",
            await Refused(Body("p", "oauth", new { clientId = "c" }, tokenUrl, "AUTHORIZATION_CODE")));
        Assert.Equal("Required OAuth2 custom property audience (type TOKEN_URL) of connector oauth is missing from " +
            "connectorProfileConfig.connectorProfileProperties.CustomConnector.oAuth2Properties.tokenUrlCustomProperties",
            await Refused(Body("p", "oauth", WithCode, tokenUrl, "AUTHORIZATION_CODE", custom: [])));

        Assert.Empty(Tokens.Requests(tokenUrl));
        Assert.Equal(1, StandIn.Invocations(function));
    }

    [Fact]
    public async Task A_listed_token_URL_with_placeholders_matches_once_the_custom_properties_fill_them()
    {
        var tokenUrl = Tokens.NewTokenUrl(200, Granted);
        var segment = new Uri(tokenUrl).Segments[1].TrimEnd('/');
        var (caller, _) = await RegisteredAsync(tokenUrl.Replace($"/{segment}/", "/{{tenant}}/", StringComparison.Ordinal));

        (await caller.PostAsync("/create-connector-profile", Body("p", "oauth", WithCode, tokenUrl, "AUTHORIZATION_CODE",
            custom: new() { ["audience"] = "crm-api", ["tenant"] = segment }))).AssertOk();

        Assert.Equal(segment, Assert.Single(Tokens.Requests(tokenUrl))["tenant"]);
    }

    [Fact]
    public async Task A_placeholder_value_that_would_send_the_token_request_to_another_host_is_refused_and_that_host_receives_nothing()
    {
        // The "attacker": a token endpoint on loopback that would answer with a token of its choosing.
        var stolen = Tokens.NewTokenUrl(200, Granted);
        var attacker = new Uri(stolen);
        var (caller, function) = await RegisteredAsync("http://{{tenant}}.login.example.com/oauth2/token", "https://login.example.com/{{tenant}}/token");
        async Task<string> Refused(string tokenUrl, string tenant) => (await caller.PostAsync("/create-connector-profile", Body("p", "oauth", WithCode, tokenUrl,
            "AUTHORIZATION_CODE", custom: new() { ["audience"] = "crm-api", ["tenant"] = tenant }))).AssertError("ValidationException", 400).ErrorMessage;

        var inHost = $"{attacker.Authority}{attacker.AbsolutePath}?";
        var message = await Refused($"http://{inHost}.login.example.com/oauth2/token", inHost);
        Assert.Equal("OAuth2 custom property tenant (connectorProfileConfig.connectorProfileProperties.CustomConnector.oAuth2Properties.tokenUrlCustomProperties.tenant) " +
            "fills a placeholder of token URL http://{{tenant}}.login.example.com/oauth2/token in its host: the value must be one host label " +
            "(1 to 63 letters, digits and hyphens, not starting or ending with a hyphen), so it cannot change the URL's host, port or scheme", message);
        Assert.DoesNotContain(attacker.Authority, message, StringComparison.Ordinal);

        foreach (var tenant in new[] { "a.b", "-a", "a-", new string('a', 64), "a@b", "a:1" })
        {
            Assert.Contains("in its host: the value must be one host label", await Refused($"http://{tenant}.login.example.com/oauth2/token", tenant), StringComparison.Ordinal);
        }

        foreach (var tenant in new[] { "a/b", "..", "a?b=c", "a#b", "%zz", "@x" })
        {
            Assert.Contains("in its path or query: the value must hold only", await Refused($"https://login.example.com/{tenant}/token", tenant), StringComparison.Ordinal);
        }

        Assert.Empty(Tokens.Requests(stolen));
        Assert.Equal(1, StandIn.Invocations(function));
        Assert.Empty((await caller.PostAsync("/describe-connector-profiles", "{}")).AssertOk().Json.GetProperty("connectorProfileDetails").EnumerateArray());
    }

    [Fact]
    public async Task A_placeholder_in_a_token_URL_s_port_is_refused_naming_its_key()
    {
        var tokenUrl = Tokens.NewTokenUrl(200, Granted);
        var uri = new Uri(tokenUrl);
        var (caller, _) = await RegisteredAsync($"http://{uri.Host}:{{{{port}}}}{uri.AbsolutePath}");

        var port = (await caller.PostAsync("/create-connector-profile", Body("p", "oauth", WithCode, tokenUrl, "AUTHORIZATION_CODE",
            custom: new() { ["audience"] = "crm-api", ["port"] = uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) })))
            .AssertError("ValidationException", 400);
        Assert.Contains($"OAuth2 custom property port ({"connectorProfileConfig.connectorProfileProperties.CustomConnector.oAuth2Properties.tokenUrlCustomProperties.port"}) " +
            $"fills a placeholder of token URL http://{uri.Host}:{{{{port}}}}{uri.AbsolutePath} in its scheme, user information or port, which no value may change",
            port.ErrorMessage, StringComparison.Ordinal);

        Assert.Empty(Tokens.Requests(tokenUrl));
    }

    [Theory]
    [InlineData("http://127.0.0.1:99999999/token")]
    [InlineData("http://a:b:c/token")]
    [InlineData("http://::1/token")]
    [InlineData("http:///token")]
    [InlineData("http://user:password@127.0.0.1:9/token")]
    public async Task A_listed_token_URL_no_request_can_go_to_is_a_ConnectorServerException_naming_the_function_and_the_URL(string tokenUrl)
    {
        var (caller, function) = await RegisteredAsync(tokenUrl);

        var refused = (await caller.PostAsync("/create-connector-profile", Body("p", "oauth", WithCode, tokenUrl, "AUTHORIZATION_CODE")))
            .AssertError("ConnectorServerException", 400);

        Assert.Equal($"Connector function {StandIn.Arn(function)} lists the token URL '{tokenUrl}' (connector oauth), which is not an absolute http or https URL " +
            "with a host and without user information: no token can be requested there", refused.ErrorMessage);
        Assert.Equal(1, StandIn.Invocations(function));
    }

    [Fact]
    public async Task An_update_with_a_new_code_exchanges_it_and_replaces_the_tokens_behind_the_same_secret()
    {
        var tokenUrl = Tokens.NewTokenUrl(200, Granted);
        var (caller, _) = await RegisteredAsync(tokenUrl);
        (await caller.PostAsync("/create-connector-profile", Body("p", "oauth", new { clientId = "c", accessToken = "first-access" }, tokenUrl, "AUTHORIZATION_CODE")))
            .AssertOk();
        var update = JsonDocument.Parse(Body("p", "oauth", WithCode, tokenUrl, "AUTHORIZATION_CODE", custom: new() { ["audience"] = "other-api" })).RootElement;

        (await caller.PostAsync("/update-connector-profile", Json.Object(
            ("connectorProfileName", "p"), ("connectionMode", "Public"), ("connectorProfileConfig", update.GetProperty("connectorProfileConfig"))))).AssertOk();

        Assert.Equal("other-api", Assert.Single(Tokens.Requests(tokenUrl))["audience"]);
        Assert.Equal("granted-access", (await SecretOf(caller, "p")).GetProperty("accessToken").GetString());
        var properties = Assert.Single((await caller.PostAsync("/describe-connector-profiles", "{}")).AssertOk().Json.GetProperty("connectorProfileDetails").EnumerateArray())
            .GetProperty("connectorProfileProperties").GetProperty("CustomConnector").GetProperty("oAuth2Properties");
        Assert.Equal("other-api", properties.GetProperty("tokenUrlCustomProperties").GetProperty("audience").GetString());
    }

    [Fact]
    public async Task The_sample_connector_takes_an_OAuth2_profile_whose_code_its_token_URL_granted()
    {
        var caller = fixture.NewCaller();
        (await caller.RegisterAsync("crm", $"arn:aws:lambda:us-east-1:{caller.Account}:function:{ConnectorProfileFixture.SampleByCommand}")).AssertOk();
        var before = Tokens.Requests(fixture.SampleTokenUrl).Count;

        (await caller.PostAsync("/create-connector-profile", Body("crm-oauth", "crm", WithCode, fixture.SampleTokenUrl, "AUTHORIZATION_CODE", custom: []))).AssertOk();

        Assert.Equal(before + 1, Tokens.Requests(fixture.SampleTokenUrl).Count);
        Assert.Equal("sample-access", (await SecretOf(caller, "crm-oauth")).GetProperty("accessToken").GetString());
        var entities = (await caller.PostAsync("/list-connector-entities", Json.Object(("connectorProfileName", "crm-oauth"), ("connectorType", "CustomConnector")))).AssertOk();
        Assert.Contains("Account", entities.Body, StringComparison.Ordinal);
    }

    public sealed class OnSqlite(ConnectorProfileFixture fixture) : OAuth2ProfileTests(fixture), IClassFixture<ConnectorProfileFixture>;

    public sealed class OnPostgres(ConnectorProfileFixture.OnPostgres fixture) : OAuth2ProfileTests(fixture), IClassFixture<ConnectorProfileFixture.OnPostgres>;
}
