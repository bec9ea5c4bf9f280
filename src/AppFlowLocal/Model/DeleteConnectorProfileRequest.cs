namespace AppFlowLocal.Model;

internal sealed class DeleteConnectorProfileRequest
{
    public string? ConnectorProfileName { get; init; }

    public bool? ForceDelete { get; init; }
}
