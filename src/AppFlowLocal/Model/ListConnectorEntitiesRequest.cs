namespace AppFlowLocal.Model;

internal sealed class ListConnectorEntitiesRequest
{
    public string? ConnectorProfileName { get; init; }

    public string? ConnectorType { get; init; }

    public string? EntitiesPath { get; init; }

    public string? ApiVersion { get; init; }

    public int? MaxResults { get; init; }

    public string? NextToken { get; init; }
}
