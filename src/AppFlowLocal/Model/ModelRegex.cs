using System.Text.RegularExpressions;

namespace AppFlowLocal.Model;

/// <summary>Compiles the API model's patterns the way the service applies them.</summary>
internal static class ModelRegex
{
    /// <summary>
    /// The model's patterns are Java regular expressions matched against the whole value. ECMAScript
    /// mode gives Java's ASCII-only <c>\w</c>, <c>\d</c> and <c>\s</c>; <c>\z</c> (not <c>$</c>, which
    /// also matches before a final newline) anchors the end.
    /// </summary>
    public static Regex Create(string pattern) =>
        new($"^(?:{pattern})\\z", RegexOptions.ECMAScript | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
}
