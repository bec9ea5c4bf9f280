namespace AppFlowLocal.Model;

internal sealed record RegisterConnectorRequest
{
    public string? ConnectorLabel { get; init; }

    public string? Description { get; init; }

    public string? ConnectorProvisioningType { get; init; }

    public ConnectorProvisioningConfig? ConnectorProvisioningConfig { get; init; }

    public string? ClientToken { get; init; }
}
