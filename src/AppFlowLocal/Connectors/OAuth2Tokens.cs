namespace AppFlowLocal.Connectors;

/// <summary>What a token endpoint granted (RFC 6749 section 5.1).</summary>
internal sealed record OAuth2Tokens(string AccessToken, string? RefreshToken);
