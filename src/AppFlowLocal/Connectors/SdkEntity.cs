using System.Text.Json.Serialization;

namespace AppFlowLocal.Connectors;

/// <summary>The SDKs' Entity, as a ListEntitiesResponse lists it.</summary>
internal sealed class SdkEntity
{
    [JsonPropertyName("entityIdentifier")]
    public string? EntityIdentifier { get; init; }

    [JsonPropertyName("hasNestedEntities")]
    public bool? HasNestedEntities { get; init; }

    [JsonPropertyName("isWritable")]
    public bool? IsWritable { get; init; }

    [JsonPropertyName("label")]
    public string? Label { get; init; }

    [JsonPropertyName("description")]
    public string? Description { get; init; }
}
