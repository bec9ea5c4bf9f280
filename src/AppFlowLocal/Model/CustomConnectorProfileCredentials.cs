namespace AppFlowLocal.Model;

internal sealed record CustomConnectorProfileCredentials
{
    public string? AuthenticationType { get; init; }

    public BasicAuthCredentials? Basic { get; init; }

    public ApiKeyCredentials? ApiKey { get; init; }

    public CustomAuthCredentials? Custom { get; init; }
}
