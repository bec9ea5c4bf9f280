namespace AppFlowLocal.Model;

internal sealed class UnregisterConnectorRequest
{
    public string? ConnectorLabel { get; init; }

    public bool? ForceDelete { get; init; }
}
