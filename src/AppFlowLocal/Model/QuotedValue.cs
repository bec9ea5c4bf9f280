namespace AppFlowLocal.Model;

/// <summary>
/// How much of a value a message quotes. Values come from clients (up to the body limit) and from
/// connectors (up to Lambda's 6 MB payload); a message that repeats them whole costs memory and
/// bandwidth and helps nobody, while the first kilobyte identifies the value.
/// </summary>
internal static class QuotedValue
{
    public const int MaxLength = 1024;

    private const string Ellipsis = "...";

    /// <summary>The value in single quotes, as AWS quotes values in validation clauses, cut as <see cref="Cut"/> does.</summary>
    public static string Quote(string value) => $"'{Cut(value)}'";

    /// <summary>
    /// The text itself when it has at most <see cref="MaxLength"/> characters, else its beginning and
    /// "...". The cut never falls between the two halves of a surrogate pair: half a pair is no character,
    /// and the JSON writer would turn it into a replacement character or refuse it.
    /// </summary>
    public static string Cut(string text)
    {
        if (text.Length <= MaxLength)
        {
            return text;
        }

        var length = char.IsHighSurrogate(text[MaxLength - 1]) ? MaxLength - 1 : MaxLength;
        return string.Concat(text.AsSpan(0, length), Ellipsis);
    }
}
