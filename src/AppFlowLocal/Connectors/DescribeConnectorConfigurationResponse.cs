using System.Text.Json.Serialization;

namespace AppFlowLocal.Connectors;

/// <summary>
/// A connector's answer as the custom-connector SDKs write it. Every member is nullable because the
/// Python SDK writes <c>null</c> for whatever is unset and Jackson (Java SDK) writes <c>null</c> for
/// every <c>@Nullable</c> member; null means absent. List items stay nullable so that a null inside a
/// list reaches the API's validator and is reported rather than silently dropped.
/// </summary>
internal sealed class DescribeConnectorConfigurationResponse
{
    /// <summary>
    /// "DescribeConnectorConfigurationResponse" in payloads written as SPEC.md describes the Python SDK;
    /// the SDKs' own serializers leave it out. Never checked: the request already said what is expected.
    /// </summary>
    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("isSuccess")]
    public bool? IsSuccess { get; init; }

    [JsonPropertyName("errorDetails")]
    public SdkErrorDetails? ErrorDetails { get; init; }

    [JsonPropertyName("connectorOwner")]
    public string? ConnectorOwner { get; init; }

    [JsonPropertyName("connectorName")]
    public string? ConnectorName { get; init; }

    [JsonPropertyName("connectorVersion")]
    public string? ConnectorVersion { get; init; }

    /// <summary>SOURCE, DESTINATION.</summary>
    [JsonPropertyName("connectorModes")]
    public List<string?>? ConnectorModes { get; init; }

    [JsonPropertyName("authenticationConfig")]
    public SdkAuthenticationConfig? AuthenticationConfig { get; init; }

    [JsonPropertyName("supportedApiVersions")]
    public List<string?>? SupportedApiVersions { get; init; }

    /// <summary>Singular in both SDKs, although it is a list.</summary>
    [JsonPropertyName("connectorRuntimeSetting")]
    public List<SdkConnectorRuntimeSetting?>? ConnectorRuntimeSetting { get; init; }

    [JsonPropertyName("logoURL")]
    public string? LogoUrl { get; init; }

    [JsonPropertyName("operatorsSupported")]
    public List<string?>? OperatorsSupported { get; init; }

    /// <summary>BYMINUTE, HOURLY, DAILY, WEEKLY, MONTHLY, ONCE: already the API's spelling.</summary>
    [JsonPropertyName("triggerFrequenciesSupported")]
    public List<string?>? TriggerFrequenciesSupported { get; init; }

    /// <summary>SCHEDULED, ONDEMAND: the API spells them Scheduled, OnDemand.</summary>
    [JsonPropertyName("supportedTriggerTypes")]
    public List<string?>? SupportedTriggerTypes { get; init; }

    [JsonPropertyName("supportedWriteOperations")]
    public List<string?>? SupportedWriteOperations { get; init; }

    /// <summary>Java SDK only (default [RECORD]); the Python SDK never writes it.</summary>
    [JsonPropertyName("supportedDataTransferTypes")]
    public List<string?>? SupportedDataTransferTypes { get; init; }
}
