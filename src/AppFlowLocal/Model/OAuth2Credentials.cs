namespace AppFlowLocal.Model;

internal sealed record OAuth2Credentials
{
    public string? ClientId { get; init; }

    public string? ClientSecret { get; init; }

    public string? AccessToken { get; init; }

    public string? RefreshToken { get; init; }

    public ConnectorOAuthRequest? OAuthRequest { get; init; }
}
