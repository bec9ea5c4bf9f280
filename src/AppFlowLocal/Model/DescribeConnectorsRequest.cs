namespace AppFlowLocal.Model;

internal sealed class DescribeConnectorsRequest
{
    public List<string>? ConnectorTypes { get; init; }

    public int? MaxResults { get; init; }

    public string? NextToken { get; init; }
}
