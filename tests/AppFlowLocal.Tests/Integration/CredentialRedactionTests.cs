using AppFlowLocal.Tests.Infrastructure;

namespace AppFlowLocal.Tests.Integration;

/// <summary>
/// A malformed credential is refused without being quoted: not its value (a refresh token or an authorization code
/// included, which the API model does not mark sensitive), not a credentialsMap key, neither in the answer nor in the
/// server's log.
/// </summary>
public abstract class CredentialRedactionTests(ConnectorProfileFixture fixture)
{
    private const string CredentialsPath = "connectorProfileConfig.connectorProfileCredentials.CustomConnector";

    private static string Body(object credentials) => Json.Object(
        ("connectorProfileName", "p"), ("connectorType", "CustomConnector"), ("connectorLabel", "crm"), ("connectionMode", "Public"),
        ("connectorProfileConfig", new Dictionary<string, object>
        {
            ["connectorProfileProperties"] = new Dictionary<string, object>
            {
                ["CustomConnector"] = new
                {
                    profileProperties = new Dictionary<string, string> { ["instanceName"] = "demo" },
                    oAuth2Properties = new { tokenUrl = "https://login.example.com/token", oAuth2GrantType = "AUTHORIZATION_CODE" },
                },
            },
            ["connectorProfileCredentials"] = new Dictionary<string, object> { ["CustomConnector"] = credentials },
        }));

    /// <summary>Sends the request; returns the refusal once the server has logged it.</summary>
    private async Task<AwsResponse> RefusedAsync(string body, string code)
    {
        var caller = fixture.NewCaller();
        (await caller.RegisterAsync("crm", fixture.SampleArn(caller.Account))).AssertOk();
        var refused = (await caller.PostAsync("/create-connector-profile", body)).AssertError(code, 400);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!fixture.Server.Output.Contains(refused.RequestId!, StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Contains(refused.RequestId!, fixture.Server.Output, StringComparison.Ordinal);
        return refused;
    }

    private void AssertNowhere(AwsResponse refused, params string[] secrets)
    {
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, refused.Body, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, fixture.Server.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_malformed_refresh_token_or_authorization_code_is_refused_without_quoting_it()
    {
        var refused = await RefusedAsync(Body(new
        {
            authenticationType = "OAUTH2",
            oauth2 = new { clientId = "client-1", refreshToken = "refresh-t0ken with-a-space", oAuthRequest = new { authCode = "auth-c0de with-a-space" } },
        }), "ValidationException");

        Assert.Equal("2 validation errors detected: " +
            $"Value '*** Sensitive Data Redacted ***' at '{CredentialsPath}.oauth2.refreshToken' failed to satisfy constraint: Member must satisfy regular expression pattern: \\S+; " +
            $"Value '*** Sensitive Data Redacted ***' at '{CredentialsPath}.oauth2.oAuthRequest.authCode' failed to satisfy constraint: Member must satisfy regular expression pattern: \\S+",
            refused.ErrorMessage);
        AssertNowhere(refused, "refresh-t0ken", "auth-c0de");
    }

    [Fact]
    public async Task A_malformed_credentialsMap_key_or_value_is_refused_without_quoting_the_key_or_the_value()
    {
        var refused = await RefusedAsync(Body(new
        {
            authenticationType = "CUSTOM",
            custom = new
            {
                customAuthenticationType = "SampleToken",
                credentialsMap = new Dictionary<string, string> { ["token"] = "fine", ["Private-Key-Name"] = "v4lue-one", ["PrivateKeyName2"] = "v4lue two" },
            },
        }), "ValidationException");

        Assert.Equal("2 validation errors detected: " +
            $"Value '*** Sensitive Data Redacted ***' at '{CredentialsPath}.custom.credentialsMap' failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [\\w]+]; " +
            $"Value '*** Sensitive Data Redacted ***' at '{CredentialsPath}.custom.credentialsMap' failed to satisfy constraint: Map value must satisfy constraint: [Member must satisfy regular expression pattern: \\S+]",
            refused.ErrorMessage);
        AssertNowhere(refused, "Private-Key-Name", "PrivateKeyName2", "v4lue");
    }

    [Fact]
    public async Task A_credentialsMap_value_that_is_no_text_or_no_string_is_refused_without_naming_its_key()
    {
        var body = Body(new { authenticationType = "CUSTOM", custom = new { customAuthenticationType = "SampleToken", credentialsMap = new { token = "x", PrivateKeyName3 = "LONE" } } })
            .Replace("\"LONE\"", "\"\\ud800\"", StringComparison.Ordinal);
        var malformed = await RefusedAsync(body, "SerializationException");
        Assert.Contains($"a string at '{CredentialsPath}.custom.credentialsMap' that", malformed.ErrorMessage, StringComparison.Ordinal);
        AssertNowhere(malformed, "PrivateKeyName3");

        var number = await RefusedAsync(body.Replace("\"\\ud800\"", "42", StringComparison.Ordinal), "SerializationException");
        Assert.Equal($"Expected a string at '{CredentialsPath}.custom.credentialsMap' but found a number.", number.ErrorMessage);
        AssertNowhere(number, "PrivateKeyName3");
    }

    [Fact]
    public async Task A_credentialsMap_key_given_twice_is_refused_without_naming_it()
    {
        var body = Body(new { authenticationType = "CUSTOM", custom = new { customAuthenticationType = "SampleToken", credentialsMap = new { token = "x", PrivateKeyName4 = "a" } } })
            .Replace("\"PrivateKeyName4\":\"a\"", "\"PrivateKeyName4\":\"a\",\"PrivateKeyName4\":\"b\"", StringComparison.Ordinal);

        var refused = await RefusedAsync(body, "SerializationException");

        Assert.Equal($"The request body is not valid JSON: a key of '{CredentialsPath}.custom.credentialsMap' appears twice", refused.ErrorMessage);
        AssertNowhere(refused, "PrivateKeyName4");
    }

    public sealed class OnSqlite(ConnectorProfileFixture fixture) : CredentialRedactionTests(fixture), IClassFixture<ConnectorProfileFixture>;
}
