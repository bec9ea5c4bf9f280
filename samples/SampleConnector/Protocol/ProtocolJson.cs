using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SampleConnector.Protocol;

/// <summary>
/// The serializer settings for events and responses. The relaxed encoder keeps quotes inside the
/// records' JSON strings readable (<c>\"</c> rather than <c>\u0022</c>) for people reading a response;
/// the output is the same JSON either way.
/// </summary>
internal static class ProtocolJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static ProtocolJsonContext Context { get; } = new(new JsonSerializerOptions(Options));
}
