using System.Text.Json.Serialization;

namespace LambdaStandIn;

[JsonSerializable(typeof(IReadOnlyList<string>))]
internal sealed partial class StandInJsonContext : JsonSerializerContext
{
}
