using System.Text.Json;
using System.Text.Json.Serialization;

namespace AppFlowLocal.Model;

/// <summary>rest-json timestamps are epoch seconds as a JSON number, with milliseconds as a fraction.</summary>
internal sealed class EpochSecondsConverter : JsonConverter<DateTimeOffset?>
{
    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null
            ? null
            : DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(reader.GetDouble() * 1000));

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        if (value is { } v)
        {
            writer.WriteNumberValue(v.ToUnixTimeMilliseconds() / 1000m);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
