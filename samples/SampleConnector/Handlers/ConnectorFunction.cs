using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using SampleConnector.Crm;
using SampleConnector.Protocol;

namespace SampleConnector.Handlers;

/// <summary>
/// The connector's Lambda handler: reads an event, dispatches on its <c>type</c> as both official SDKs'
/// BaseLambdaConnectorHandler do, and returns the response JSON. A malformed event throws (Lambda's
/// function error); every mistake in a well-formed event is an <c>isSuccess: false</c> answer.
/// </summary>
internal sealed class ConnectorFunction(CrmStore store)
{
    private readonly RecordHandler records = new(store);
    private readonly WriteHandler writes = new(store);

    public static ConnectorFunction Create() => new(new CrmStore(TimeProvider.System));

    /// <exception cref="ConnectorRequestException">The event is not a request this connector can read.</exception>
    public byte[] Invoke(ReadOnlyMemory<byte> payload)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(payload);
        }
        catch (JsonException exception)
        {
            throw new ConnectorRequestException($"The event is not JSON: {exception.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var typeMember) || typeMember.ValueKind != JsonValueKind.String)
            {
                throw new ConnectorRequestException("The event must be a JSON object whose 'type' names the request, e.g. {\"type\":\"DescribeConnectorConfigurationRequest\"}");
            }

            var context = ProtocolJson.Context;
            var type = typeMember.GetString()!;
            return type switch
            {
                "DescribeConnectorConfigurationRequest" => Write(ConfigurationHandler.DescribeConnectorConfiguration(
                    Read(root, type, context.DescribeConnectorConfigurationRequest)), context.DescribeConnectorConfigurationResponse),
                "ValidateConnectorRuntimeSettingsRequest" => Write(ConfigurationHandler.ValidateConnectorRuntimeSettings(
                    Read(root, type, context.ValidateConnectorRuntimeSettingsRequest)), context.ValidateConnectorRuntimeSettingsResponse),
                "ValidateCredentialsRequest" => Write(ConfigurationHandler.ValidateCredentials(
                    Read(root, type, context.ValidateCredentialsRequest)), context.ValidateCredentialsResponse),
                "ListEntitiesRequest" => Write(MetadataHandler.ListEntities(Read(root, type, context.ListEntitiesRequest)), context.ListEntitiesResponse),
                "DescribeEntityRequest" => Write(MetadataHandler.DescribeEntity(Read(root, type, context.DescribeEntityRequest)), context.DescribeEntityResponse),
                "QueryDataRequest" => Write(records.QueryData(Read(root, type, context.QueryDataRequest)), context.QueryDataResponse),
                "RetrieveDataRequest" => Write(records.RetrieveData(Read(root, type, context.RetrieveDataRequest)), context.RetrieveDataResponse),
                "WriteDataRequest" => Write(writes.WriteData(Read(root, type, context.WriteDataRequest)), context.WriteDataResponse),
                _ => throw new ConnectorRequestException($"No operation is defined for request type: {type}"),
            };
        }
    }

    private static T Read<T>(JsonElement root, string type, JsonTypeInfo<T> typeInfo)
    {
        try
        {
            return root.Deserialize(typeInfo)!;
        }
        catch (JsonException exception)
        {
            var path = exception.Path is { Length: > 1 } raw ? raw.TrimStart('$').TrimStart('.') : "(the event)";
            throw new ConnectorRequestException($"{type}: the member at '{path}' has the wrong JSON type");
        }
    }

    private static byte[] Write<T>(T response, JsonTypeInfo<T> typeInfo) => JsonSerializer.SerializeToUtf8Bytes(response, typeInfo);
}
