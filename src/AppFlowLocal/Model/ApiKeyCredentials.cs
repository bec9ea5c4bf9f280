namespace AppFlowLocal.Model;

internal sealed record ApiKeyCredentials
{
    public string? ApiKey { get; init; }

    public string? ApiSecretKey { get; init; }
}
