using System.Text.Json.Serialization;

namespace AppFlowLocal.Connectors;

/// <summary>The SDKs' CustomAuthConfig.</summary>
internal sealed class SdkCustomAuthConfig
{
    [JsonPropertyName("authenticationType")]
    public string? AuthenticationType { get; init; }

    [JsonPropertyName("authParameters")]
    public List<SdkAuthParameter?>? AuthParameters { get; init; }
}
