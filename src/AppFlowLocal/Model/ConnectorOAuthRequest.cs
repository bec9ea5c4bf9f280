namespace AppFlowLocal.Model;

internal sealed record ConnectorOAuthRequest
{
    public string? AuthCode { get; init; }

    public string? RedirectUri { get; init; }
}
