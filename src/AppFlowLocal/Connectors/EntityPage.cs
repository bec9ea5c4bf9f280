using AppFlowLocal.Model;

namespace AppFlowLocal.Connectors;

/// <summary>One ListEntities answer mapped to the API's entities, with the connector's own nextToken.</summary>
internal sealed record EntityPage(IReadOnlyList<ConnectorEntity> Entities, string? NextToken);
