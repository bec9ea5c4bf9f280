namespace AppFlowLocal.Model;

internal sealed class ListConnectorsResponse
{
    public List<ConnectorDetail>? Connectors { get; init; }

    public string? NextToken { get; init; }
}
