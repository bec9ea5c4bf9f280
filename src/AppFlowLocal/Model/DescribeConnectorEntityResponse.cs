namespace AppFlowLocal.Model;

internal sealed class DescribeConnectorEntityResponse
{
    public required List<ConnectorEntityField> ConnectorEntityFields { get; init; }
}
