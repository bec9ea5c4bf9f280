namespace AppFlowLocal.Model;

internal sealed class DescribeConnectorProfilesResponse
{
    public required List<ConnectorProfile> ConnectorProfileDetails { get; init; }

    public string? NextToken { get; init; }
}
