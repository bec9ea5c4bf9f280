using System.Globalization;
using System.Text.Json;

namespace AppFlowLocal.Model;

/// <summary>
/// Checks a JSON document against a shape the way the service does: a value of the wrong JSON type
/// is a SerializationException (the request cannot be read at all); every violated constraint is
/// collected, in member order, so the caller can report all of them at once in AWS's form.
/// </summary>
internal static class ConstraintValidator
{
    /// <returns>The violated constraints, each as one AWS validation clause; empty when valid.</returns>
    public static IReadOnlyList<string> Validate(JsonElement document, StructureShape shape)
    {
        var violations = new List<string>();
        if (document.ValueKind != JsonValueKind.Object)
        {
            throw new AppFlowException(AwsErrorCode.SerializationException,
                $"Expected a JSON object for {shape.Name} but found {Describe(document.ValueKind)}.");
        }

        CheckStructure(document, shape, "", violations);
        return violations.Distinct(StringComparer.Ordinal).ToList();
    }

    private static void CheckStructure(JsonElement value, StructureShape shape, string prefix, List<string> violations)
    {
        // Member order, as AWS reports: a required member that is absent, else the member's own constraints.
        foreach (var member in shape.Members)
        {
            foreach (var path in shape.RequiredPathsByMember[member.Name])
            {
                // A dotted path ("a.b.c") is required as a whole: report it where any step of it is absent.
                if (!Reaches(value, path))
                {
                    violations.Add(Clause(null, prefix + path, "Member must not be null"));
                }
            }

            if (value.TryGetProperty(member.Name, out var child) && child.ValueKind != JsonValueKind.Null)
            {
                CheckValue(child, member.Shape, prefix + member.Name, violations);
            }
        }
    }

    private static bool Reaches(JsonElement value, string path)
    {
        foreach (var step in path.Split('.'))
        {
            if (value.ValueKind != JsonValueKind.Object
                || !value.TryGetProperty(step, out value)
                || value.ValueKind == JsonValueKind.Null)
            {
                return false;
            }
        }

        return true;
    }

    private static void CheckValue(JsonElement value, Shape shape, string path, List<string> violations)
    {
        switch (shape)
        {
            case StructureShape structure:
                Expect(value, JsonValueKind.Object, path);
                CheckStructure(value, structure, path + ".", violations);
                break;
            case ListShape list:
                CheckList(value, list, path, violations);
                break;
            case MapShape map:
                Expect(value, JsonValueKind.Object, path);
                foreach (var entry in value.EnumerateObject())
                {
                    CheckValue(entry.Value, map.Value, $"{path}.{entry.Name}", violations);
                }

                break;
            case StringShape text:
                var textValue = ReadString(value, path);
                violations.AddRange(StringViolations(textValue, text).Select(c => Clause(Quote(textValue), path, c)));
                break;
            case IntegerShape integer:
                CheckInteger(value, integer, path, violations);
                break;
            case BooleanShape:
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    throw WrongType(path, "a boolean", value.ValueKind);
                }

                break;
            case TimestampShape:
                Expect(value, JsonValueKind.Number, path);
                break;
            default:
                throw new InvalidOperationException($"No validation for shape {shape.Name}.");
        }
    }

    private static void CheckList(JsonElement value, ListShape list, string path, List<string> violations)
    {
        Expect(value, JsonValueKind.Array, path);
        var count = value.GetArrayLength();
        var rendered = new Lazy<string>(() => Quote("[" + string.Join(", ", value.EnumerateArray().Select(Render)) + "]"));
        if (list.Min is { } min && count < min)
        {
            violations.Add(Clause(rendered.Value, path, $"Member must have length greater than or equal to {min}"));
        }

        if (list.Max is { } max && count > max)
        {
            violations.Add(Clause(rendered.Value, path, $"Member must have length less than or equal to {max}"));
        }

        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            index++;
            if (list.Member is StringShape text)
            {
                // AWS reports a scalar list's bad members on the list: "Member must satisfy constraint: [...]".
                if (item.ValueKind == JsonValueKind.Null)
                {
                    violations.Add(Clause(rendered.Value, path, "Member must satisfy constraint: [Member must not be null]"));
                    continue;
                }

                violations.AddRange(StringViolations(ReadString(item, $"{path}.{index}.member"), text)
                    .Select(c => Clause(rendered.Value, path, $"Member must satisfy constraint: [{c}]")));
            }
            else if (item.ValueKind == JsonValueKind.Null)
            {
                violations.Add(Clause(null, $"{path}.{index}.member", "Member must not be null"));
            }
            else
            {
                CheckValue(item, list.Member, $"{path}.{index}.member", violations);
            }
        }
    }

    private static void CheckInteger(JsonElement value, IntegerShape integer, string path, List<string> violations)
    {
        Expect(value, JsonValueKind.Number, path);
        if (!value.TryGetInt32(out var number))
        {
            throw new AppFlowException(AwsErrorCode.SerializationException,
                $"Value {value.GetRawText()} at '{path}' is not a 32-bit integer.");
        }

        if (integer.Min is { } min && number < min)
        {
            violations.Add(Clause(Quote(number.ToString(CultureInfo.InvariantCulture)), path, $"Member must have value greater than or equal to {min}"));
        }

        if (integer.Max is { } max && number > max)
        {
            violations.Add(Clause(Quote(number.ToString(CultureInfo.InvariantCulture)), path, $"Member must have value less than or equal to {max}"));
        }
    }

    /// <summary>The constraint clauses a string breaks, in the order AWS lists them.</summary>
    public static IEnumerable<string> StringViolations(string value, StringShape shape)
    {
        if (shape.Min is { } min && value.Length < min)
        {
            yield return $"Member must have length greater than or equal to {min}";
        }

        if (shape.Max is { } max && value.Length > max)
        {
            yield return $"Member must have length less than or equal to {max}";
        }

        if (shape.Regex is { } regex && !regex.IsMatch(value))
        {
            yield return $"Member must satisfy regular expression pattern: {shape.Pattern}";
        }

        if (shape.Enum is { } values && !values.Contains(value, StringComparer.Ordinal))
        {
            yield return $"Member must satisfy enum value set: [{string.Join(", ", values)}]";
        }
    }

    public static string Clause(string? renderedValue, string path, string constraint) =>
        $"Value {renderedValue ?? "null"} at '{path}' failed to satisfy constraint: {constraint}";

    private static string Quote(string value) => $"'{value}'";

    private static string Render(JsonElement item) =>
        item.ValueKind == JsonValueKind.String ? ReadString(item, "") : item.GetRawText();

    private static string ReadString(JsonElement value, string path)
    {
        Expect(value, JsonValueKind.String, path);
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // JSON escapes can spell a lone UTF-16 surrogate, which is no character at all.
            throw new AppFlowException(AwsErrorCode.SerializationException, $"The string at '{path}' is not valid Unicode.");
        }
    }

    private static void Expect(JsonElement value, JsonValueKind kind, string path)
    {
        if (value.ValueKind != kind)
        {
            throw WrongType(path, Describe(kind), value.ValueKind);
        }
    }

    private static AppFlowException WrongType(string path, string expected, JsonValueKind found) =>
        new(AwsErrorCode.SerializationException, $"Expected {expected} at '{path}' but found {Describe(found)}.");

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
