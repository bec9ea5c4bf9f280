namespace AppFlowLocal.Model;

internal sealed record UpdateConnectorRegistrationRequest
{
    public string? ConnectorLabel { get; init; }

    public string? Description { get; init; }

    public ConnectorProvisioningConfig? ConnectorProvisioningConfig { get; init; }

    public string? ClientToken { get; init; }
}
