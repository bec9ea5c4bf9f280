using System.Text.Json.Serialization;

namespace AppFlowLocal.Connectors;

/// <summary>
/// The event a connector's Lambda handler receives. Both custom-connector SDKs dispatch on
/// <c>type</c> (the Java SDK through Jackson's type id) and default <c>locale</c> to en-US.
/// </summary>
internal sealed class DescribeConnectorConfigurationRequest
{
    public const string TypeName = "DescribeConnectorConfigurationRequest";

    [JsonPropertyName("type")]
    public string Type { get; init; } = TypeName;

    [JsonPropertyName("locale")]
    public string Locale { get; init; } = "en-US";
}
