using System.Text.Json.Serialization;

namespace AppFlowLocal.Connectors;

/// <summary>The SDKs' OAuth2CustomParameter; <c>type</c> is TOKEN_URL or AUTH_URL.</summary>
internal sealed class SdkOAuth2CustomParameter
{
    [JsonPropertyName("key")]
    public string? Key { get; init; }

    [JsonPropertyName("required")]
    public bool? Required { get; init; }

    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("label")]
    public string? Label { get; init; }

    [JsonPropertyName("description")]
    public string? Description { get; init; }

    [JsonPropertyName("sensitiveField")]
    public bool? SensitiveField { get; init; }

    [JsonPropertyName("connectorSuppliedValues")]
    public List<string?>? ConnectorSuppliedValues { get; init; }
}
