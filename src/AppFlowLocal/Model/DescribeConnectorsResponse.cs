namespace AppFlowLocal.Model;

internal sealed class DescribeConnectorsResponse
{
    public Dictionary<string, ConnectorConfiguration>? ConnectorConfigurations { get; init; }

    public List<ConnectorDetail>? Connectors { get; init; }

    public string? NextToken { get; init; }
}
