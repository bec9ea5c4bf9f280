using System.Diagnostics;
using AppFlowLocal.Tests.Infrastructure;

namespace AppFlowLocal.Tests.Integration;

/// <summary>
/// What a connector's configuration is refused for, and what it is not (SPEC.md, "Connector Lambda"),
/// through the real server and a function of the Lambda stand-in.
/// </summary>
public abstract class ConnectorConfigurationCheckTests(ServerFixture fixture)
{
    /// <summary>
    /// Written as the Python SDK serializes it (null for everything unset, oAuth2CustomProperties), with
    /// the token URL placeholder its documentation shows and descriptions as connectors write them.
    /// </summary>
    private const string PythonStylePayload = """
        {
          "type": "DescribeConnectorConfigurationResponse", "isSuccess": true, "errorDetails": null,
          "connectorOwner": "Example, Inc.", "connectorName": "Placeholder connector (Python)", "connectorVersion": "1.0",
          "connectorModes": ["SOURCE"],
          "authenticationConfig": {
            "isBasicAuthSupported": null, "isApiKeyAuthSupported": null, "isOAuth2Supported": true, "isCustomAuthSupported": null,
            "oAuth2Defaults": {
              "oAuthScopes": ["read"],
              "tokenURL": ["https://{{subdomain}}.example.com/oauth/token"],
              "authURL": ["https://{{subdomain}}.example.com/oauth/authorize"],
              "oAuth2GrantTypesSupported": ["AUTHORIZATION_CODE"],
              "oAuth2CustomProperties": [
                { "key": "subdomain", "required": true, "label": "Subdomain", "type": "TOKEN_URL", "sensitiveField": false,
                  "description": "Your account's subdomain (e.g. acme, for acme.example.com)", "connectorSuppliedValues": null }
              ],
              "addBasicAuthHeader": false, "oAuth2ContentType": "URL_ENCODED", "oAuth2MethodType": "HTTP_POST"
            },
            "customAuthConfig": null
          },
          "connectorRuntimeSetting": [
            { "key": "instanceUrl", "dataType": "String", "required": true, "label": "Instance URL", "scope": "CONNECTOR_PROFILE",
              "description": "Base URL of the instance, e.g. https://acme.example.com (no trailing slash)", "connectorSuppliedValueOptions": null }
          ],
          "supportedApiVersions": ["v1"], "logoURL": null, "operatorsSupported": ["PROJECTION"],
          "triggerFrequenciesSupported": null, "supportedTriggerTypes": ["ONDEMAND"], "supportedWriteOperations": null
        }
        """;

    /// <summary>The same as the Java SDK (Jackson) writes it: oauth2CustomProperties, supportedDataTransferTypes.</summary>
    private const string JavaStylePayload = """
        {
          "connectorOwner": "Example, Inc.", "connectorName": "Placeholder connector (Java)", "connectorVersion": "2.0",
          "connectorModes": ["SOURCE", "DESTINATION"],
          "authenticationConfig": {
            "isBasicAuthSupported": false, "isApiKeyAuthSupported": false, "isOAuth2Supported": true, "isCustomAuthSupported": false,
            "oAuth2Defaults": {
              "oAuthScopes": ["api"],
              "tokenURL": ["https://{{subdomain}}.example.com/oauth/token"],
              "authURL": ["https://{{subdomain}}.example.com/oauth/authorize"],
              "oAuth2GrantTypesSupported": ["AUTHORIZATION_CODE"],
              "oAuth2ContentType": "URL_ENCODED", "oAuth2MethodType": "HTTP_POST",
              "oauth2CustomProperties": [
                { "key": "subdomain", "required": true, "type": "TOKEN_URL", "label": "Subdomain", "sensitiveField": false,
                  "description": "Your account's subdomain (e.g. acme, for acme.example.com)", "connectorSuppliedValues": ["acme", "globex"] }
              ],
              "addBasicAuthHeader": false
            },
            "customAuthConfig": null
          },
          "connectorRuntimeSetting": [
            { "key": "instanceUrl", "dataType": "Url", "required": true, "label": "Instance URL", "scope": "CONNECTOR_PROFILE",
              "description": "Base URL of the instance, e.g. https://acme.example.com (no trailing slash)", "connectorSuppliedValueOptions": null }
          ],
          "supportedApiVersions": ["v1"], "operatorsSupported": ["PROJECTION"], "supportedTriggerTypes": ["ONDEMAND"],
          "triggerFrequenciesSupported": ["DAILY"], "supportedWriteOperations": ["INSERT"], "logoURL": null,
          "isSuccess": true, "errorDetails": null, "supportedDataTransferTypes": ["RECORD"]
        }
        """;

    public static TheoryData<string> SdkStylePayloads() => new() { PythonStylePayload, JavaStylePayload };

    [Theory]
    [MemberData(nameof(SdkStylePayloads))]
    public async Task A_placeholder_token_url_and_punctuated_descriptions_register_and_are_described_unchanged(string payload)
    {
        var caller = fixture.NewCaller();
        var function = fixture.StandIn.NewFunction(payload);

        (await caller.RegisterAsync("placeholders", fixture.StandIn.Arn(function))).AssertOk();

        var configuration = (await caller.DescribeAsync("placeholders")).AssertOk().Json.GetProperty("connectorConfiguration");
        var oauth = configuration.GetProperty("authenticationConfig").GetProperty("oAuth2Defaults");
        Assert.Equal("https://{{subdomain}}.example.com/oauth/token", oauth.GetProperty("tokenUrls")[0].GetString());
        Assert.Equal("https://{{subdomain}}.example.com/oauth/authorize", oauth.GetProperty("authCodeUrls")[0].GetString());
        Assert.Equal("Your account's subdomain (e.g. acme, for acme.example.com)",
            oauth.GetProperty("oauth2CustomProperties")[0].GetProperty("description").GetString());
        Assert.Equal("Base URL of the instance, e.g. https://acme.example.com (no trailing slash)",
            configuration.GetProperty("connectorRuntimeSettings")[0].GetProperty("description").GetString());
        Assert.StartsWith("Placeholder connector (", configuration.GetProperty("connectorName").GetString(), StringComparison.Ordinal);

        // Accepted, and the author still sees in the server log what the model's patterns would have flagged.
        var warning = fixture.Server.Output.Split('\n').FirstOrDefault(line => line.Contains(function, StringComparison.Ordinal)
            && line.Contains("do not match the API model's patterns", StringComparison.Ordinal));
        Assert.NotNull(warning);
        Assert.Contains("at 'authenticationConfig.oAuth2Defaults.tokenUrls'", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_connector_modes_are_refused()
    {
        var caller = fixture.NewCaller();
        var function = fixture.StandIn.NewFunction(LambdaStandInHost.Configuration("1").Replace("\"connectorModes\":[\"SOURCE\"]", "\"connectorModes\":[]", StringComparison.Ordinal));

        var response = (await caller.RegisterAsync("no-modes", fixture.StandIn.Arn(function))).AssertError("ConnectorServerException", 400);

        Assert.Contains("Value '[]' at 'connectorModes' failed to satisfy constraint: Member must have length greater than or equal to 1",
            response.ErrorMessage, StringComparison.Ordinal);
        (await caller.DescribeAsync("no-modes")).AssertError("ResourceNotFoundException", 404);
    }

    [Fact]
    public async Task Twenty_thousand_unknown_operators_are_refused_quickly_with_a_bounded_message()
    {
        var operators = string.Join(",", Enumerable.Range(0, 20_000).Select(i => $"\"LIKE_{i}\""));
        var payload = LambdaStandInHost.Configuration("1").Replace("\"operatorsSupported\":null", $"\"operatorsSupported\":[{operators}]", StringComparison.Ordinal);
        var caller = fixture.NewCaller();
        var function = fixture.StandIn.NewFunction(payload);

        // Warm up first: the server's first invocation pays for compiling the whole path once.
        (await caller.RegisterAsync("warm-up", fixture.StandIn.Arn(fixture.StandIn.NewFunction(LambdaStandInHost.Configuration("1"))))).AssertOk();
        var started = Stopwatch.GetTimestamp();
        var response = await caller.RegisterAsync("many-operators", fixture.StandIn.Arn(function));
        var elapsed = Stopwatch.GetElapsedTime(started);

        response.AssertError("ConnectorServerException", 400);
        Assert.True(elapsed < TimeSpan.FromSeconds(2), $"took {elapsed}");
        Assert.True(response.Body.Length < 4096, $"{response.Body.Length} characters");
        Assert.Contains("Value '[LIKE_0, LIKE_1, LIKE_2, ", response.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("at 'supportedOperators' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [PROJECTION, ",
            response.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_six_megabyte_connector_name_is_quoted_at_most_a_kilobyte()
    {
        var caller = fixture.NewCaller();
        var function = fixture.StandIn.NewFunction(LambdaStandInHost.Configuration("1", name: new string('n', 6_000_000)));

        var response = (await caller.RegisterAsync("huge-name", fixture.StandIn.Arn(function))).AssertError("ConnectorServerException", 400);

        Assert.True(response.Body.Length < 2048, $"{response.Body.Length} characters");
        Assert.Contains("...' at 'connectorName' failed to satisfy constraint: Member must have length less than or equal to 256",
            response.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lone_surrogate_in_a_connector_string_is_reported_as_such()
    {
        var caller = fixture.NewCaller();
        var function = fixture.StandIn.NewFunction(LambdaStandInHost.Configuration("1", name: @"Broken \ud800 name"));

        var response = (await caller.RegisterAsync("surrogate", fixture.StandIn.Arn(function))).AssertError("ConnectorServerException", 400);

        Assert.Equal(
            $@"Connector function {fixture.StandIn.Arn(function)} returned a string at 'connectorName' that holds a lone surrogate (\ud800), which is not a Unicode character.",
            response.ErrorMessage);
    }

    /// <summary>On SQLite.</summary>
    public sealed class OnSqlite(ServerFixture fixture) : ConnectorConfigurationCheckTests(fixture), IClassFixture<ServerFixture>;

    /// <summary>On PostgreSQL.</summary>
    public sealed class OnPostgres(ServerFixture.OnPostgres fixture) : ConnectorConfigurationCheckTests(fixture), IClassFixture<ServerFixture.OnPostgres>;
}
