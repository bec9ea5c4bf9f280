namespace AppFlowLocal.Model;

internal sealed record UpdateConnectorProfileRequest
{
    public string? ConnectorProfileName { get; init; }

    public string? ConnectionMode { get; init; }

    public ConnectorProfileConfig? ConnectorProfileConfig { get; init; }

    public string? ClientToken { get; init; }
}
