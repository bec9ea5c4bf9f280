using System.Text.Json.Serialization;

namespace AppFlowLocal.Connectors;

/// <summary>The SDKs' ConnectorRuntimeSetting; <c>dataType</c> is String, Date, DateTime, Long, Integer, Boolean (or Url, Java only).</summary>
internal sealed class SdkConnectorRuntimeSetting
{
    [JsonPropertyName("key")]
    public string? Key { get; init; }

    [JsonPropertyName("dataType")]
    public string? DataType { get; init; }

    [JsonPropertyName("required")]
    public bool? Required { get; init; }

    [JsonPropertyName("label")]
    public string? Label { get; init; }

    [JsonPropertyName("description")]
    public string? Description { get; init; }

    [JsonPropertyName("scope")]
    public string? Scope { get; init; }

    [JsonPropertyName("connectorSuppliedValueOptions")]
    public List<string?>? ConnectorSuppliedValueOptions { get; init; }
}
