namespace AppFlowLocal.Model;

internal sealed class OAuth2Defaults
{
    public List<string>? OauthScopes { get; init; }

    public List<string>? TokenUrls { get; init; }

    public List<string>? AuthCodeUrls { get; init; }

    public List<string>? Oauth2GrantTypesSupported { get; init; }

    public List<OAuth2CustomParameter>? Oauth2CustomProperties { get; init; }
}
