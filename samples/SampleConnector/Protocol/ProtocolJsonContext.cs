using System.Text.Json.Serialization;

namespace SampleConnector.Protocol;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DescribeConnectorConfigurationRequest))]
[JsonSerializable(typeof(ValidateConnectorRuntimeSettingsRequest))]
[JsonSerializable(typeof(ValidateCredentialsRequest))]
[JsonSerializable(typeof(ListEntitiesRequest))]
[JsonSerializable(typeof(DescribeEntityRequest))]
[JsonSerializable(typeof(QueryDataRequest))]
[JsonSerializable(typeof(RetrieveDataRequest))]
[JsonSerializable(typeof(WriteDataRequest))]
[JsonSerializable(typeof(DescribeConnectorConfigurationResponse))]
[JsonSerializable(typeof(ValidateConnectorRuntimeSettingsResponse))]
[JsonSerializable(typeof(ValidateCredentialsResponse))]
[JsonSerializable(typeof(ListEntitiesResponse))]
[JsonSerializable(typeof(DescribeEntityResponse))]
[JsonSerializable(typeof(QueryDataResponse))]
[JsonSerializable(typeof(RetrieveDataResponse))]
[JsonSerializable(typeof(WriteDataResponse))]
[JsonSerializable(typeof(FunctionErrorBody))]
[JsonSerializable(typeof(ServiceErrorBody))]
internal sealed partial class ProtocolJsonContext : JsonSerializerContext
{
}
