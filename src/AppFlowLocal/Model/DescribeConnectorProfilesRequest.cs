namespace AppFlowLocal.Model;

internal sealed class DescribeConnectorProfilesRequest
{
    public List<string>? ConnectorProfileNames { get; init; }

    public string? ConnectorType { get; init; }

    public string? ConnectorLabel { get; init; }

    public int? MaxResults { get; init; }

    public string? NextToken { get; init; }
}
