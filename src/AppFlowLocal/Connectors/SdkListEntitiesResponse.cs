using System.Text.Json.Serialization;

namespace AppFlowLocal.Connectors;

/// <summary>The SDKs' ListEntitiesResponse (its cacheControl is not used: every call asks the connector).</summary>
internal sealed class SdkListEntitiesResponse
{
    [JsonPropertyName("isSuccess")]
    public bool? IsSuccess { get; init; }

    [JsonPropertyName("errorDetails")]
    public SdkErrorDetails? ErrorDetails { get; init; }

    [JsonPropertyName("entities")]
    public List<SdkEntity?>? Entities { get; init; }

    [JsonPropertyName("nextToken")]
    public string? NextToken { get; init; }
}
