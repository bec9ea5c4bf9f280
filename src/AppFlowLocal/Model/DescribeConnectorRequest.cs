namespace AppFlowLocal.Model;

internal sealed class DescribeConnectorRequest
{
    public string? ConnectorType { get; init; }

    public string? ConnectorLabel { get; init; }
}
