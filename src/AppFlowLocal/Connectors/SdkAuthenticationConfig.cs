using System.Text.Json.Serialization;

namespace AppFlowLocal.Connectors;

/// <summary>
/// The SDKs' AuthenticationConfig. The booleans keep their <c>is</c> prefix in both SDKs (Python's
/// to_dict names them so; Immutables annotates the Java accessors with their own names).
/// </summary>
internal sealed class SdkAuthenticationConfig
{
    [JsonPropertyName("isBasicAuthSupported")]
    public bool? IsBasicAuthSupported { get; init; }

    [JsonPropertyName("isApiKeyAuthSupported")]
    public bool? IsApiKeyAuthSupported { get; init; }

    [JsonPropertyName("isOAuth2Supported")]
    public bool? IsOAuth2Supported { get; init; }

    [JsonPropertyName("isCustomAuthSupported")]
    public bool? IsCustomAuthSupported { get; init; }

    [JsonPropertyName("oAuth2Defaults")]
    public SdkOAuth2Defaults? OAuth2Defaults { get; init; }

    /// <summary>Singular in both SDKs; the API calls it customAuthConfigs.</summary>
    [JsonPropertyName("customAuthConfig")]
    public List<SdkCustomAuthConfig?>? CustomAuthConfig { get; init; }
}
