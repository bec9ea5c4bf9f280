namespace AppFlowLocal.Storage;

/// <summary>The members of a stored configuration that a listing (ConnectorDetail) shows; the parser skips the rest.</summary>
internal sealed class ConnectorDetailMembers
{
    public string? ConnectorName { get; init; }

    public string? ConnectorOwner { get; init; }

    public string? ConnectorVersion { get; init; }

    public List<string>? ConnectorModes { get; init; }

    public List<string>? SupportedDataTransferTypes { get; init; }
}
