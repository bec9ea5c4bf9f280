namespace AppFlowLocal.Registry;

/// <summary>What a listing shows of a registration (the API's ConnectorDetail), without the full configuration.</summary>
internal sealed record ConnectorSummary(
    string Label,
    string? Description,
    string ProvisioningType,
    DateTimeOffset RegisteredAt,
    string RegisteredBy,
    string? ConnectorName,
    string? ConnectorOwner,
    string? ConnectorVersion,
    List<string>? ConnectorModes,
    List<string>? SupportedDataTransferTypes,
    string Id,
    long Revision);
