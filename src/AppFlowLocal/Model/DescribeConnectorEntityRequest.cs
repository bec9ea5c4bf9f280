namespace AppFlowLocal.Model;

internal sealed class DescribeConnectorEntityRequest
{
    public string? ConnectorEntityName { get; init; }

    public string? ConnectorType { get; init; }

    public string? ConnectorProfileName { get; init; }

    public string? ApiVersion { get; init; }
}
