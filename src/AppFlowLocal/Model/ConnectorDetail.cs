namespace AppFlowLocal.Model;

internal sealed class ConnectorDetail
{
    public string? ConnectorDescription { get; init; }

    public string? ConnectorName { get; init; }

    public string? ConnectorOwner { get; init; }

    public string? ConnectorVersion { get; init; }

    public string? ApplicationType { get; init; }

    public string? ConnectorType { get; init; }

    public string? ConnectorLabel { get; init; }

    [System.Text.Json.Serialization.JsonConverter(typeof(EpochSecondsConverter))]
    public DateTimeOffset? RegisteredAt { get; init; }

    public string? RegisteredBy { get; init; }

    public string? ConnectorProvisioningType { get; init; }

    public List<string>? ConnectorModes { get; init; }

    public List<string>? SupportedDataTransferTypes { get; init; }
}
