using System.Text.RegularExpressions;

namespace AppFlowLocal.Model;

/// <summary>Compiles the API model's patterns the way the service applies them.</summary>
internal static class ModelRegex
{
    /// <summary>
    /// How long one match may take. The model's patterns are simple, but a pattern's cost depends on
    /// the input, and a request must not hold a thread for longer than this on one value.
    /// </summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The model's patterns are Java regular expressions matched against the whole value. ECMAScript
    /// mode gives Java's ASCII-only <c>\w</c>, <c>\d</c> and <c>\s</c>; <c>\z</c> (not <c>$</c>, which
    /// also matches before a final newline) anchors the end.
    /// </summary>
    public static Regex Create(string pattern) =>
        new($"^(?:{pattern})\\z", RegexOptions.ECMAScript | RegexOptions.CultureInvariant, MatchTimeout);
}
