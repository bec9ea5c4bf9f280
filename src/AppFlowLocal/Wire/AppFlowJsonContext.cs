using AppFlowLocal.Connectors;
using System.Text.Json.Serialization;
using AppFlowLocal.Model;

namespace AppFlowLocal.Wire;

/// <summary>Source-generated (reflection-free) serialization of every API shape the server reads or writes.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RegisterConnectorRequest))]
[JsonSerializable(typeof(UpdateConnectorRegistrationRequest))]
[JsonSerializable(typeof(DescribeConnectorRequest))]
[JsonSerializable(typeof(DescribeConnectorsRequest))]
[JsonSerializable(typeof(ListConnectorsRequest))]
[JsonSerializable(typeof(UnregisterConnectorRequest))]
[JsonSerializable(typeof(ConnectorArnResponse))]
[JsonSerializable(typeof(DescribeConnectorResponse))]
[JsonSerializable(typeof(DescribeConnectorsResponse))]
[JsonSerializable(typeof(ListConnectorsResponse))]
[JsonSerializable(typeof(EmptyResponse))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(ConnectorConfiguration))]
[JsonSerializable(typeof(ConnectorCheckReport))]
[JsonSerializable(typeof(CreateConnectorProfileRequest))]
[JsonSerializable(typeof(CreateConnectorProfileResponse))]
[JsonSerializable(typeof(DescribeConnectorProfilesRequest))]
[JsonSerializable(typeof(DescribeConnectorProfilesResponse))]
[JsonSerializable(typeof(DeleteConnectorProfileRequest))]
[JsonSerializable(typeof(UpdateConnectorProfileRequest))]
[JsonSerializable(typeof(ListConnectorEntitiesRequest))]
[JsonSerializable(typeof(ListConnectorEntitiesResponse))]
[JsonSerializable(typeof(DescribeConnectorEntityRequest))]
[JsonSerializable(typeof(DescribeConnectorEntityResponse))]
internal sealed partial class AppFlowJsonContext : JsonSerializerContext
{
}
