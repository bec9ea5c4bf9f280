namespace AppFlowLocal.Model;

internal sealed class AuthenticationConfig
{
    public bool? IsBasicAuthSupported { get; init; }

    public bool? IsApiKeyAuthSupported { get; init; }

    public bool? IsOAuth2Supported { get; init; }

    public bool? IsCustomAuthSupported { get; init; }

    public OAuth2Defaults? OAuth2Defaults { get; init; }

    public List<CustomAuthConfig>? CustomAuthConfigs { get; init; }
}
