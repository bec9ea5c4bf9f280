using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SampleConnector.Crm;

/// <summary>
/// A field's value in the two forms the connector needs: checked and normalized JSON for a write, and a
/// comparable value for a filter. Dates travel as ISO 8601 text, the form AppFlow's filter grammar uses
/// (<c>2024-01-31</c>, <c>2024-01-31T10:00:00Z</c>).
/// </summary>
internal static class CrmValue
{
    /// <summary>Checks a value written to <paramref name="field"/>; on success <paramref name="normalized"/> is what is stored.</summary>
    public static bool TryNormalize(CrmField field, JsonNode? node, out JsonNode? normalized, out string problem)
    {
        normalized = null;
        problem = "";
        if (node is null)
        {
            if (!field.Nullable)
            {
                problem = $"{field.Name} may not be null";
                return false;
            }

            return true;
        }

        var kind = node.GetValueKind();
        switch (field.DataType)
        {
            case "String":
                if (kind != JsonValueKind.String)
                {
                    problem = $"{field.Name} must be a string, not {Describe(kind)}";
                    return false;
                }

                var text = node.GetValue<string>();
                if (field.MaxLength is { } max && text.Length > max)
                {
                    problem = $"{field.Name} is {text.Length} characters long; at most {max} are allowed";
                    return false;
                }

                if (field.AllowedValues is { } allowed && !allowed.Contains(text, StringComparer.Ordinal))
                {
                    problem = $"{field.Name} must be one of {string.Join(", ", allowed)}, not '{text}'";
                    return false;
                }

                normalized = JsonValue.Create(text);
                return true;
            case "Boolean":
                if (kind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    problem = $"{field.Name} must be true or false, not {Describe(kind)}";
                    return false;
                }

                normalized = JsonValue.Create(kind == JsonValueKind.True);
                return true;
            case "Date":
            case "DateTime":
                if (kind != JsonValueKind.String || Comparable(field, node) is null)
                {
                    problem = field.DataType == "Date"
                        ? $"{field.Name} must be a date written yyyy-MM-dd"
                        : $"{field.Name} must be a date and time in UTC written yyyy-MM-ddTHH:mm:ssZ";
                    return false;
                }

                normalized = JsonValue.Create(node.GetValue<string>());
                return true;
            default:
                if (kind != JsonValueKind.Number || !decimal.TryParse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                {
                    problem = $"{field.Name} must be a number, not {Describe(kind)}";
                    return false;
                }

                if (field.DataType is "Integer" or "Long" or "Short" or "BigInteger" && decimal.Truncate(number) != number)
                {
                    problem = $"{field.Name} must be a whole number";
                    return false;
                }

                if (field.DataType == "Integer" && number is < int.MinValue or > int.MaxValue)
                {
                    problem = $"{field.Name} must fit in a 32-bit integer";
                    return false;
                }

                normalized = JsonValue.Create(number);
                return true;
        }
    }

    /// <summary>The stored value as something a filter can compare, or null when absent or unreadable.</summary>
    public static IComparable? Comparable(CrmField field, JsonNode? node)
    {
        if (node is null)
        {
            return null;
        }

        var kind = node.GetValueKind();
        return field.DataType switch
        {
            "String" when kind == JsonValueKind.String => node.GetValue<string>(),
            "Boolean" when kind is JsonValueKind.True or JsonValueKind.False => kind == JsonValueKind.True,
            "Date" when kind == JsonValueKind.String => ParseDate(node.GetValue<string>()),
            "DateTime" when kind == JsonValueKind.String => ParseDateTime(node.GetValue<string>()),
            _ when field.IsNumeric && kind == JsonValueKind.Number &&
                decimal.TryParse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => number,
            _ => null,
        };
    }

    public static IComparable? ParseDate(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    /// <summary>A date-time in UTC with a Z, with or without fractions of a second, as the filter grammar writes it.</summary>
    public static IComparable? ParseDateTime(string text) =>
        text.EndsWith('Z') && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant)
            ? instant
            : null;

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };
}
