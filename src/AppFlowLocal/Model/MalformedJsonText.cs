using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace AppFlowLocal.Model;

/// <summary>
/// A member name or string of a parsed JSON document that is no Unicode text: bytes that are not
/// UTF-8, or a <c>\u</c> escape naming one half of a surrogate pair. JsonDocument accepts both and
/// throws InvalidOperationException only when the text is decoded (reading a string, comparing a name
/// for the duplicate check or a lookup), so callers look for them and report them as what they are.
/// </summary>
/// <param name="Location">
/// The path of the string, or of the object holding the member name ("" for the top-level object),
/// with <c>.</c> between member names and <c>[i]</c> for list positions, as System.Text.Json writes paths.
/// </param>
internal sealed record MalformedJsonText(string Location, bool InMemberName, string Problem)
{
    /// <summary>"a string at 'connectorName' that holds a lone surrogate (\ud800), which is not a Unicode character".</summary>
    public override string ToString() => InMemberName
        ? $"a member name in {(Location.Length == 0 ? "the top-level object" : $"'{QuotedValue.Cut(Location)}'")} that {Problem}"
        : $"a string at '{QuotedValue.Cut(Location)}' that {Problem}";

    /// <summary>The same text seen from an enclosing value, <paramref name="path"/> being where this one's value sits in it.</summary>
    public MalformedJsonText Under(string path) => this with { Location = Join(path, Location) };

    /// <summary>The first malformed text in <paramref name="element"/> (an object's names before its values), or null.</summary>
    public static MalformedJsonText? Find(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                // A string's raw value includes its quotes; a name's does not.
                return ProblemOf(JsonMarshal.GetRawUtf8Value(element)[1..^1]) is { } problem ? new("", false, problem) : null;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (ProblemOf(JsonMarshal.GetRawUtf8PropertyName(property)) is { } nameProblem)
                    {
                        return new("", true, nameProblem);
                    }
                }

                // Every name decodes now; a path is built only for what is found, not for every value visited.
                foreach (var property in element.EnumerateObject())
                {
                    if (Find(property.Value) is { } found)
                    {
                        return found.Under(property.Name);
                    }
                }

                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (Find(item) is { } found)
                    {
                        return found.Under(string.Create(CultureInfo.InvariantCulture, $"[{index}]"));
                    }

                    index++;
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>What is wrong with the raw (still escaped) UTF-8 between a string's or name's quotes, or null when it is text.</summary>
    private static string? ProblemOf(ReadOnlySpan<byte> raw)
    {
        if (!Utf8.IsValid(raw))
        {
            return NotUtf8(raw);
        }

        // JsonDocument has checked the escapes' syntax: a backslash is followed by one character, or by
        // 'u' and four hex digits. A surrogate escape is text only as a high one directly followed by a low one.
        var i = raw.IndexOf((byte)'\\');
        while (i >= 0)
        {
            var next = i + 2;
            if (raw[i + 1] == (byte)'u')
            {
                var unit = Unit(raw, i);
                next = i + 6;
                if (char.IsHighSurrogate(unit) && next + 6 <= raw.Length && raw[next] == (byte)'\\' && raw[next + 1] == (byte)'u'
                    && char.IsLowSurrogate(Unit(raw, next)))
                {
                    next += 6;
                }
                else if (char.IsSurrogate(unit))
                {
                    return string.Create(CultureInfo.InvariantCulture, $"holds a lone surrogate (\\u{(int)unit:x4}), which is not a Unicode character");
                }
            }

            var rest = next < raw.Length ? raw[next..].IndexOf((byte)'\\') : -1;
            i = rest < 0 ? -1 : next + rest;
        }

        return null;
    }

    private static char Unit(ReadOnlySpan<byte> raw, int backslash) =>
        (char)int.Parse(raw.Slice(backslash + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);

    private static string NotUtf8(ReadOnlySpan<byte> raw)
    {
        var offset = 0;
        while (Rune.DecodeFromUtf8(raw[offset..], out _, out var consumed) == OperationStatus.Done)
        {
            offset += consumed;
        }

        var bad = raw[offset..];
        // ED A0..BF xx is how CESU-8 (and Java's modified UTF-8) writes half of a surrogate pair.
        if (bad is [0xED, >= 0xA0 and <= 0xBF, >= 0x80 and <= 0xBF, ..])
        {
            return $"is not valid UTF-8 (bytes {Hex(bad[..3])} at byte {offset} encode a UTF-16 surrogate, which UTF-8 excludes)";
        }

        Rune.DecodeFromUtf8(bad, out _, out var length);
        return length == 1
            ? $"is not valid UTF-8 (byte {Hex(bad[..1])} at byte {offset})"
            : $"is not valid UTF-8 (bytes {Hex(bad[..length])} at byte {offset})";
    }

    private static string Hex(ReadOnlySpan<byte> bytes) => string.Join(' ', bytes.ToArray().Select(b => b.ToString("X2", CultureInfo.InvariantCulture)));

    private static string Join(string parent, string child) =>
        parent.Length == 0 ? child
        : child.Length == 0 ? parent
        : child[0] == '[' ? parent + child
        : $"{parent}.{child}";
}
