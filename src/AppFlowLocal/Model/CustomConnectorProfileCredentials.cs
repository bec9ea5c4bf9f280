namespace AppFlowLocal.Model;

internal sealed record CustomConnectorProfileCredentials
{
    public string? AuthenticationType { get; init; }

    public BasicAuthCredentials? Basic { get; init; }

    // The model spells this member in lower case, unlike oAuth2Properties beside it.
    [System.Text.Json.Serialization.JsonPropertyName("oauth2")]
    public OAuth2Credentials? Oauth2 { get; init; }

    public ApiKeyCredentials? ApiKey { get; init; }

    public CustomAuthCredentials? Custom { get; init; }
}
