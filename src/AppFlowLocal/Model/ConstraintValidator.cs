using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace AppFlowLocal.Model;

/// <summary>
/// Checks a JSON document against a shape the way the service does: a value of the wrong JSON type,
/// or text that is not Unicode, is a SerializationException (the request cannot be read at all);
/// every violated constraint is collected, in member order, so the caller can report all of them at
/// once in AWS's form. The cost is linear in the document: each value is read once, a list is rendered
/// at most once, and no clause quotes more than <see cref="QuotedValue.MaxLength"/> characters of a value.
/// </summary>
internal static class ConstraintValidator
{
    /// <returns>The violated constraints, each as one AWS validation clause; empty when valid.</returns>
    public static ConstraintViolations Validate(JsonElement document, StructureShape shape) => Validate(document, shape, patternWarnings: null);

    /// <param name="added">Constraints on members beyond the model's, each reported in its member's place.</param>
    public static ConstraintViolations Validate(JsonElement document, StructureShape shape, IReadOnlyList<MemberConstraint> added) =>
        Validate(document, shape, patternWarnings: null, added);

    /// <param name="patternWarnings">
    /// When given, a value that does not match its member's pattern is reported here instead of as a
    /// violation. SPEC.md ("Connector Lambda"): patterns are not enforced on what a connector returns,
    /// because the official SDKs document values (OAuth2 URL placeholders, free-text descriptions) that
    /// the model's output patterns refuse.
    /// </param>
    public static ConstraintViolations Validate(JsonElement document, StructureShape shape, ConstraintViolations? patternWarnings) =>
        Validate(document, shape, patternWarnings, []);

    private static ConstraintViolations Validate(JsonElement document, StructureShape shape, ConstraintViolations? patternWarnings,
        IReadOnlyList<MemberConstraint> added)
    {
        if (document.ValueKind != JsonValueKind.Object)
        {
            throw new AppFlowException(AwsErrorCode.SerializationException,
                $"Expected a JSON object for {shape.Name} but found {Describe(document.ValueKind)}.");
        }

        // Before any lookup: comparing a member name that is no text throws, and so does reading a string.
        if (MalformedJsonText.Find(document) is { } malformed)
        {
            throw Unreadable(shape, malformed with { Location = WithoutSecretKeys(malformed.Location, shape) });
        }

        var violations = new ConstraintViolations();
        CheckStructure(document, shape, "", new Findings(violations, patternWarnings ?? violations, added));
        return violations;
    }

    /// <summary>The SerializationException for a document of <paramref name="shape"/> holding text that is not Unicode.</summary>
    public static AppFlowException Unreadable(StructureShape shape, MalformedJsonText malformed) =>
        new(AwsErrorCode.SerializationException, $"{shape.Name} has {malformed}.");

    /// <summary>A value as a clause quotes it; a sensitive one (a password, a key) never reaches a message.</summary>
    private static string Rendered(string value, StringShape shape) => shape.Redacted ? "'*** Sensitive Data Redacted ***'" : QuotedValue.Quote(value);

    /// <summary>
    /// A location ("a.b[2].c") cut at a map whose keys are secrets (credentialsMap), so it names the map and not the key.
    /// Walked along the shape, member by member; where the shape has no such step the location is returned whole.
    /// </summary>
    public static string WithoutSecretKeys(string location, StructureShape shape)
    {
        Shape current = shape;
        var at = 0;
        while (at < location.Length)
        {
            switch (current)
            {
                case MapShape map:
                    return map.Key.Redacted ? location[..Math.Max(0, at - 1)] : location;
                case ListShape list when location[at] == '[':
                    var close = location.IndexOf(']', at);
                    if (close < 0)
                    {
                        return location;
                    }

                    at = close + 1 < location.Length && location[close + 1] == '.' ? close + 2 : close + 1;
                    current = list.Member;
                    break;
                case StructureShape structure:
                    var end = location.IndexOfAny(['.', '['], at) is var next and >= 0 ? next : location.Length;
                    var name = location[at..end];
                    if (structure.Members.FirstOrDefault(m => m.Name == name) is not { } member)
                    {
                        return location;
                    }

                    current = member.Shape;
                    at = end < location.Length && location[end] == '.' ? end + 1 : end;
                    break;
                default:
                    return location;
            }
        }

        return location;
    }

    public static string Clause(string? renderedValue, string path, string constraint) =>
        $"Value {renderedValue ?? "null"} at '{path}' failed to satisfy constraint: {constraint}";

    private static void CheckStructure(JsonElement value, StructureShape shape, string prefix, Findings findings)
    {
        // Member order, as AWS reports: a required member that is absent, else the member's own constraints.
        foreach (var member in shape.Members)
        {
            foreach (var path in shape.RequiredPathsByMember[member.Name])
            {
                // A dotted path ("a.b.c") is required as a whole: report it where any step of it is absent.
                if (!Reaches(value, path))
                {
                    findings.Violations.Add(Clause(null, prefix + path, "Member must not be null"));
                }
            }

            if (value.TryGetProperty(member.Name, out var child) && child.ValueKind != JsonValueKind.Null)
            {
                CheckValue(child, member.Shape, prefix + member.Name, findings);
                foreach (var constraint in findings.Added)
                {
                    if (constraint.Path.Length == prefix.Length + member.Name.Length
                        && constraint.Path.StartsWith(prefix, StringComparison.Ordinal)
                        && constraint.Path.EndsWith(member.Name, StringComparison.Ordinal)
                        && constraint.Violation(child, constraint.Path) is { } clause)
                    {
                        findings.Violations.Add(clause);
                    }
                }
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

    private static void CheckValue(JsonElement value, Shape shape, string path, Findings findings)
    {
        switch (shape)
        {
            case StructureShape structure:
                Expect(value, JsonValueKind.Object, path);
                CheckStructure(value, structure, path + ".", findings);
                break;
            case ListShape list:
                CheckList(value, list, path, findings);
                break;
            case MapShape map:
                Expect(value, JsonValueKind.Object, path);
                var entries = 0;
                foreach (var entry in value.EnumerateObject())
                {
                    entries++;
                    var keyBroken = Breaks(entry.Name, map.Key);
                    if (keyBroken != Broken.None)
                    {
                        foreach (var one in InAwsOrder(keyBroken))
                        {
                            findings.Add(one, Clause(Rendered(entry.Name, map.Key), path, $"Map keys must satisfy constraint: [{Constraint(one, map.Key)}]"));
                        }
                    }

                    if (map.Key.Redacted && map.Value is StringShape secretValue)
                    {
                        // A key that is a secret is no path step either: its value's clause names the map, as AWS words a map's value.
                        var secret = ReadString(entry.Value, path);
                        foreach (var one in InAwsOrder(Breaks(secret, secretValue)))
                        {
                            findings.Add(one, Clause(Rendered(secret, secretValue), path, $"Map value must satisfy constraint: [{Constraint(one, secretValue)}]"));
                        }
                    }
                    else
                    {
                        CheckValue(entry.Value, map.Value, $"{path}.{entry.Name}", findings);
                    }
                }

                if (entries > map.Max)
                {
                    findings.Violations.Add(Clause(null, path, $"Member must have length less than or equal to {map.Max}"));
                }

                break;
            case StringShape text:
                var textValue = ReadString(value, path);
                var broken = Breaks(textValue, text);
                if (broken != Broken.None)
                {
                    var quoted = Rendered(textValue, text);
                    foreach (var one in InAwsOrder(broken))
                    {
                        findings.Add(one, Clause(quoted, path, Constraint(one, text)));
                    }
                }

                break;
            case IntegerShape integer:
                CheckInteger(value, integer, path, findings.Violations);
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
                throw new UnreachableException($"No validation for shape {shape.Name}.");
        }
    }

    private static void CheckList(JsonElement value, ListShape list, string path, Findings findings)
    {
        Expect(value, JsonValueKind.Array, path);
        var count = value.GetArrayLength();

        // AWS reports a scalar list's bad members on the list ("Member must satisfy constraint: [...]"),
        // quoting the whole list. A constraint broken by many members is one clause, so collect the
        // distinct failures over the members first and quote the list once for all of them.
        var memberText = list.Member as StringShape;
        var memberFailures = new List<Broken>();
        if (memberText is not null)
        {
            var seen = Broken.None;
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                index++;
                var broken = item.ValueKind == JsonValueKind.Null ? Broken.Null : Breaks(ReadString(item, $"{path}.{index}.member"), memberText);
                if ((broken & ~seen) != Broken.None)
                {
                    // In the order first met, as reporting member by member would list them.
                    memberFailures.AddRange(InAwsOrder(broken & ~seen));
                    seen |= broken;
                }
            }
        }
        else
        {
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                index++;
                if (item.ValueKind == JsonValueKind.Null)
                {
                    findings.Violations.Add(Clause(null, $"{path}.{index}.member", "Member must not be null"));
                }
                else
                {
                    CheckValue(item, list.Member, $"{path}.{index}.member", findings);
                }
            }
        }

        string? rendered = null;
        if (list.Min is { } min && count < min)
        {
            findings.Violations.Add(Clause(rendered ??= RenderList(value), path, $"Member must have length greater than or equal to {min}"));
        }

        if (list.Max is { } max && count > max)
        {
            findings.Violations.Add(Clause(rendered ??= RenderList(value), path, $"Member must have length less than or equal to {max}"));
        }

        foreach (var one in memberFailures)
        {
            findings.Add(one, Clause(rendered ??= RenderList(value), path, $"Member must satisfy constraint: [{Constraint(one, memberText!)}]"));
        }
    }

    private static void CheckInteger(JsonElement value, IntegerShape integer, string path, ConstraintViolations violations)
    {
        Expect(value, JsonValueKind.Number, path);
        if (!value.TryGetInt32(out var number))
        {
            throw new AppFlowException(AwsErrorCode.SerializationException,
                $"Value {QuotedValue.Cut(value.GetRawText())} at '{path}' is not a 32-bit integer.");
        }

        if (integer.Min is { } min && number < min)
        {
            violations.Add(Clause(QuotedValue.Quote(number.ToString(CultureInfo.InvariantCulture)), path, $"Member must have value greater than or equal to {min}"));
        }

        if (integer.Max is { } max && number > max)
        {
            violations.Add(Clause(QuotedValue.Quote(number.ToString(CultureInfo.InvariantCulture)), path, $"Member must have value less than or equal to {max}"));
        }
    }

    /// <summary>The constraints a string breaks.</summary>
    private static Broken Breaks(string value, StringShape shape)
    {
        var broken = Broken.None;
        if (shape.Min is { } min && value.Length < min)
        {
            broken |= Broken.TooShort;
        }

        if (shape.Max is { } max && value.Length > max)
        {
            broken |= Broken.TooLong;
        }

        if (shape.Regex is { } regex)
        {
            broken |= Match(regex, value);
        }

        if (shape.Enum is { } values && !values.Contains(value, StringComparer.Ordinal))
        {
            broken |= Broken.Enum;
        }

        return broken;
    }

    private static Broken Match(Regex regex, string value)
    {
        try
        {
            return regex.IsMatch(value) ? Broken.None : Broken.Pattern;
        }
        catch (RegexMatchTimeoutException)
        {
            // A value the pattern cannot decide on in time is not shown to match it; saying so is the
            // answer, not a server error.
            return Broken.PatternUndecided;
        }
    }

    private static IEnumerable<Broken> InAwsOrder(Broken broken) =>
        AwsOrder.Where(one => (broken & one) != Broken.None);

    /// <summary>A constraint in AWS's words. Worded only for a clause, never per member checked.</summary>
    private static string Constraint(Broken one, StringShape shape) => one switch
    {
        Broken.Null => "Member must not be null",
        Broken.TooShort => $"Member must have length greater than or equal to {shape.Min}",
        Broken.TooLong => $"Member must have length less than or equal to {shape.Max}",
        Broken.Pattern => $"Member must satisfy regular expression pattern: {shape.Pattern}",
        Broken.PatternUndecided => string.Create(CultureInfo.InvariantCulture,
            $"Member must satisfy regular expression pattern: {shape.Pattern} (matching did not finish within {ModelRegex.MatchTimeout.TotalSeconds:0.###} s)"),
        Broken.Enum => $"Member must satisfy enum value set: [{string.Join(", ", shape.Enum!)}]",
        _ => throw new UnreachableException($"No wording for {one}."),
    };

    /// <summary>
    /// A list as AWS quotes it, "'[a, b]'", rendered only as far as the quote shows it: a list of
    /// 20,000 members costs the first kilobyte, not 20,000 renderings.
    /// </summary>
    private static string RenderList(JsonElement list)
    {
        var builder = new StringBuilder("[");
        var first = true;
        foreach (var item in list.EnumerateArray())
        {
            if (builder.Length > QuotedValue.MaxLength)
            {
                break;
            }

            if (!first)
            {
                builder.Append(", ");
            }

            first = false;
            var text = item.ValueKind == JsonValueKind.String ? item.GetString()! : item.GetRawText();
            builder.Append(text.AsSpan(0, Math.Min(text.Length, QuotedValue.MaxLength + 1)));
        }

        // A list cut short ends in "...", as QuotedValue cuts anything longer than it shows.
        if (builder.Length <= QuotedValue.MaxLength)
        {
            builder.Append(']');
        }

        return QuotedValue.Quote(builder.ToString());
    }

    private static string ReadString(JsonElement value, string path)
    {
        Expect(value, JsonValueKind.String, path);
        return value.GetString()!;
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

    /// <summary>The constraints a string can break, in the order AWS lists them; one value's combine.</summary>
    [Flags]
    private enum Broken
    {
        None = 0,
        Null = 1,
        TooShort = 2,
        TooLong = 4,
        Pattern = 8,
        PatternUndecided = 16,
        Enum = 32,
    }

    private static readonly Broken[] AwsOrder = [Broken.Null, Broken.TooShort, Broken.TooLong, Broken.Pattern, Broken.PatternUndecided, Broken.Enum];

    /// <summary>Where clauses go: violations, and pattern mismatches (the violations themselves unless diverted).</summary>
    private sealed record Findings(ConstraintViolations Violations, ConstraintViolations PatternMismatches, IReadOnlyList<MemberConstraint> Added)
    {
        /// <summary>SPEC.md does not enforce patterns on connectors: a pattern clause goes where the caller said.</summary>
        public void Add(Broken broken, string clause) =>
            (broken is Broken.Pattern or Broken.PatternUndecided ? PatternMismatches : Violations).Add(clause);
    }
}
