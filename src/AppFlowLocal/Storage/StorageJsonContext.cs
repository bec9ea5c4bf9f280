using System.Text.Json.Serialization;
using AppFlowLocal.Model;

namespace AppFlowLocal.Storage;

/// <summary>How a connector's configuration is kept in a column: the API's own JSON form.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ConnectorConfiguration))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(ConnectorDetailMembers))]
[JsonSerializable(typeof(SortedDictionary<string, string>))]
[JsonSerializable(typeof(OAuth2Properties))]
internal sealed partial class StorageJsonContext : JsonSerializerContext
{
}
