namespace AppFlowLocal.Model;

/// <summary>
/// The API's ConnectorConfiguration. The registry stores the connector-supplied part (what a
/// DescribeConnectorConfigurationResponse maps to) and fills the registration members on the way out.
/// </summary>
internal sealed record ConnectorConfiguration
{
    public bool? CanUseAsSource { get; init; }

    public bool? CanUseAsDestination { get; init; }

    public List<string>? SupportedDestinationConnectors { get; init; }

    public List<string>? SupportedSchedulingFrequencies { get; init; }

    public bool? IsPrivateLinkEnabled { get; init; }

    public bool? IsPrivateLinkEndpointUrlRequired { get; init; }

    public List<string>? SupportedTriggerTypes { get; init; }

    public string? ConnectorType { get; init; }

    public string? ConnectorLabel { get; init; }

    public string? ConnectorDescription { get; init; }

    public string? ConnectorOwner { get; init; }

    public string? ConnectorName { get; init; }

    public string? ConnectorVersion { get; init; }

    public string? ConnectorArn { get; init; }

    public List<string>? ConnectorModes { get; init; }

    public AuthenticationConfig? AuthenticationConfig { get; init; }

    public List<ConnectorRuntimeSetting>? ConnectorRuntimeSettings { get; init; }

    public List<string>? SupportedApiVersions { get; init; }

    public List<string>? SupportedOperators { get; init; }

    public List<string>? SupportedWriteOperations { get; init; }

    public string? ConnectorProvisioningType { get; init; }

    public ConnectorProvisioningConfig? ConnectorProvisioningConfig { get; init; }

    public string? LogoURL { get; init; }

    [System.Text.Json.Serialization.JsonConverter(typeof(EpochSecondsConverter))]
    public DateTimeOffset? RegisteredAt { get; init; }

    public string? RegisteredBy { get; init; }

    public List<string>? SupportedDataTransferTypes { get; init; }
}
