using System.Text.Json.Serialization;

namespace AppFlowLocal.Connectors;

/// <summary>
/// The SDKs' OAuth2Defaults. Members the API has no place for (oAuth2ContentType, oAuth2MethodType,
/// addBasicAuthHeader, and the Python SDK's old loginURL/refreshURL/redirectURL) are not declared, so
/// they are skipped.
/// </summary>
internal sealed class SdkOAuth2Defaults
{
    [JsonPropertyName("oAuthScopes")]
    public List<string?>? OAuthScopes { get; init; }

    [JsonPropertyName("tokenURL")]
    public List<string?>? TokenUrl { get; init; }

    [JsonPropertyName("authURL")]
    public List<string?>? AuthUrl { get; init; }

    /// <summary>CLIENT_CREDENTIALS, AUTHORIZATION_CODE: both SDKs write the enum names, as the API spells them.</summary>
    [JsonPropertyName("oAuth2GrantTypesSupported")]
    public List<string?>? OAuth2GrantTypesSupported { get; init; }

    /// <summary>The Python SDK's spelling.</summary>
    [JsonPropertyName("oAuth2CustomProperties")]
    public List<SdkOAuth2CustomParameter?>? PythonOAuth2CustomProperties { get; init; }

    /// <summary>The Java SDK's spelling (Immutables keeps the accessor name <c>oauth2CustomProperties</c>).</summary>
    [JsonPropertyName("oauth2CustomProperties")]
    public List<SdkOAuth2CustomParameter?>? JavaOAuth2CustomProperties { get; init; }
}
