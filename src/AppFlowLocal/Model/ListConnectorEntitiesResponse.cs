namespace AppFlowLocal.Model;

internal sealed class ListConnectorEntitiesResponse
{
    /// <summary>The entities by group; a custom connector's are all in one group (see ConnectorProfileRegistry.EntityGroup).</summary>
    public required Dictionary<string, List<ConnectorEntity>> ConnectorEntityMap { get; init; }

    public string? NextToken { get; init; }
}
