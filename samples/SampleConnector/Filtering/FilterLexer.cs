using System.Text;
using System.Text.RegularExpressions;

namespace SampleConnector.Filtering;

/// <summary>
/// Splits a QueryData filterExpression into the tokens of AppFlow's custom-connector filter grammar
/// (CustomConnectorQueryFilterLexer.g4 in the official Python SDK): keywords in upper or lower case only,
/// identifiers <c>[a-zA-Z][A-Za-z0-9_.-]*</c>, single- or double-quoted strings with backslash escapes,
/// numbers, and unquoted ISO 8601 dates (<c>2024-01-31</c>) and UTC date-times (<c>2024-01-31T10:00:00Z</c>).
/// </summary>
internal static partial class FilterLexer
{
    private static readonly Dictionary<string, FilterTokenKind> Keywords = new(StringComparer.Ordinal)
    {
        ["AND"] = FilterTokenKind.And, ["and"] = FilterTokenKind.And,
        ["OR"] = FilterTokenKind.Or, ["or"] = FilterTokenKind.Or,
        ["NOT"] = FilterTokenKind.Not, ["not"] = FilterTokenKind.Not,
        ["TRUE"] = FilterTokenKind.True, ["True"] = FilterTokenKind.True, ["true"] = FilterTokenKind.True,
        ["FALSE"] = FilterTokenKind.False, ["False"] = FilterTokenKind.False, ["false"] = FilterTokenKind.False,
        ["CONTAINS"] = FilterTokenKind.Contains, ["contains"] = FilterTokenKind.Contains,
        ["BETWEEN"] = FilterTokenKind.Between, ["between"] = FilterTokenKind.Between,
        ["null"] = FilterTokenKind.Null,
        ["IN"] = FilterTokenKind.In, ["in"] = FilterTokenKind.In,
        ["LIMIT"] = FilterTokenKind.Limit, ["limit"] = FilterTokenKind.Limit,
    };

    public static List<FilterToken> Tokenize(string text)
    {
        var tokens = new List<FilterToken>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            var start = i;
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            switch (c)
            {
                case '(':
                    tokens.Add(new(FilterTokenKind.LeftParen, "(", start + 1));
                    i++;
                    continue;
                case ')':
                    tokens.Add(new(FilterTokenKind.RightParen, ")", start + 1));
                    i++;
                    continue;
                case ',':
                    tokens.Add(new(FilterTokenKind.Comma, ",", start + 1));
                    i++;
                    continue;
                case '=':
                    tokens.Add(new(FilterTokenKind.Equal, "=", start + 1));
                    i++;
                    continue;
                case '>' or '<':
                    var orEqual = i + 1 < text.Length && text[i + 1] == '=';
                    var kind = (c, orEqual) switch
                    {
                        ('>', true) => FilterTokenKind.GreaterOrEqual,
                        ('>', false) => FilterTokenKind.Greater,
                        (_, true) => FilterTokenKind.LessOrEqual,
                        _ => FilterTokenKind.Less,
                    };
                    i += orEqual ? 2 : 1;
                    tokens.Add(new(kind, text[start..i], start + 1));
                    continue;
                case '!' when i + 1 < text.Length && text[i + 1] == '=':
                    tokens.Add(new(FilterTokenKind.NotEqual, "!=", start + 1));
                    i += 2;
                    continue;
                case '\'' or '"':
                    tokens.Add(new(FilterTokenKind.String, ReadString(text, ref i), start + 1));
                    continue;
            }

            if (char.IsAsciiDigit(c) || (c == '-' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                var date = DatePattern().Match(text, i);
                if (c != '-' && date.Success)
                {
                    i += date.Length;
                    tokens.Add(new(date.Groups["time"].Success ? FilterTokenKind.DateTime : FilterTokenKind.Date, date.Value, start + 1));
                    continue;
                }

                if (c != '-' && DateLikePattern().Match(text, i) is { Success: true } dateLike)
                {
                    throw new FilterSyntaxException(
                        $"'{dateLike.Value}' at position {start + 1} is neither a date (yyyy-MM-dd) nor a UTC date-time (yyyy-MM-ddTHH:mm:ssZ)");
                }

                var number = NumberPattern().Match(text, i);
                i += number.Length;
                tokens.Add(new(FilterTokenKind.Number, number.Value, start + 1));
                continue;
            }

            if (char.IsAsciiLetter(c))
            {
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '_' or '.' or '-'))
                {
                    i++;
                }

                var word = text[start..i];
                tokens.Add(new(Keywords.TryGetValue(word, out var keyword) ? keyword : FilterTokenKind.Identifier, word, start + 1));
                continue;
            }

            throw new FilterSyntaxException($"unexpected character '{c}' at position {start + 1}");
        }

        tokens.Add(new(FilterTokenKind.End, "end of the expression", text.Length + 1));
        return tokens;
    }

    private static string ReadString(string text, ref int i)
    {
        var quote = text[i];
        var start = i;
        var value = new StringBuilder();
        i++;
        while (i < text.Length && text[i] != quote)
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                value.Append(text[i + 1] switch { 't' => '\t', 'n' => '\n', 'r' => '\r', var other => other });
                i += 2;
                continue;
            }

            value.Append(text[i]);
            i++;
        }

        if (i >= text.Length)
        {
            throw new FilterSyntaxException($"the string starting at position {start + 1} has no closing {quote}");
        }

        i++;
        return value.ToString();
    }

    [GeneratedRegex(@"\G[0-9]{4}-(0[1-9]|1[0-2])-([0-2][0-9]|3[01])(?<time>T([01][0-9]|2[0-4]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?Z)?(?![0-9A-Za-z])")]
    private static partial Regex DatePattern();

    /// <summary>What a date was meant to be but is not (a month 13, a time without its Z): reported as one token.</summary>
    [GeneratedRegex(@"\G[0-9]{4}-[0-9]{2}-[0-9]{2}[0-9A-Za-z:.+-]*")]
    private static partial Regex DateLikePattern();

    [GeneratedRegex(@"\G-?[0-9]+(\.[0-9]+)?")]
    private static partial Regex NumberPattern();
}
