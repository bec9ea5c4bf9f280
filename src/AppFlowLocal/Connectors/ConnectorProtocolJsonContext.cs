using System.Text.Json.Serialization;

namespace AppFlowLocal.Connectors;

/// <summary>
/// Source-generated serialization of the custom-connector protocol. Member names are spelled out on
/// each type and matched case-sensitively: the two SDKs differ by case in places (oAuth2CustomProperties
/// against oauth2CustomProperties), and case-insensitive matching would make those collide.
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = false,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(DescribeConnectorConfigurationRequest))]
[JsonSerializable(typeof(DescribeConnectorConfigurationResponse))]
[JsonSerializable(typeof(SdkValidationResponse))]
[JsonSerializable(typeof(SdkListEntitiesResponse))]
[JsonSerializable(typeof(SdkDescribeEntityResponse))]
internal sealed partial class ConnectorProtocolJsonContext : JsonSerializerContext
{
}
