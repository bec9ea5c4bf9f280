namespace AppFlowLocal.Model;

internal sealed class DescribeConnectorResponse
{
    public ConnectorConfiguration? ConnectorConfiguration { get; init; }
}
