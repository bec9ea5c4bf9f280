using System.ComponentModel;
using System.Globalization;
using System.Text.RegularExpressions;

namespace AppFlowLocal.Hosting;

/// <summary>
/// How a duration setting is written: <c>30s</c>, <c>5m</c>, <c>500ms</c>, <c>2h</c>, <c>1d</c>, or
/// <c>[d.]hh:mm:ss[.fffffff]</c>. A bare number is refused: .NET reads <c>5</c> as five days, and
/// someone who wrote <c>Lambda:Timeout=5</c> meant seconds.
/// </summary>
internal static partial class Durations
{
    public const string Forms = "a duration such as 30s, 5m, 500ms, 2h or 00:00:30";

    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var value = text.Trim();
        var match = WithUnit().Match(value);
        if (match.Success)
        {
            var amount = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            var milliseconds = match.Groups[2].Value switch
            {
                "ms" => amount,
                "s" => amount * 1000,
                "m" => amount * 60_000,
                "h" => amount * 3_600_000,
                _ => amount * 86_400_000,
            };
            if (milliseconds > TimeSpan.MaxValue.TotalMilliseconds)
            {
                return false;
            }

            duration = TimeSpan.FromMilliseconds(milliseconds);
            return true;
        }

        // Only the colon forms: TimeSpan would also take "5" (days) and culture-specific separators.
        return value.Contains(':', StringComparison.Ordinal) && TimeSpan.TryParseExact(value, "c", CultureInfo.InvariantCulture, out duration);
    }

    /// <summary>
    /// Makes the configuration binder (and the settings check, which converts the same way) read
    /// durations in these forms, for every TimeSpan setting at once.
    /// </summary>
    public static void UseForSettings() =>
        TypeDescriptor.AddAttributes(typeof(TimeSpan), new TypeConverterAttribute(typeof(DurationConverter)));

    [GeneratedRegex(@"^([0-9]+(?:\.[0-9]+)?)(ms|s|m|h|d)\z", RegexOptions.CultureInvariant)]
    private static partial Regex WithUnit();

    private sealed class DurationConverter : TimeSpanConverter
    {
        public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
            value is string text
                ? TryParse(text, out var duration) ? duration : throw new FormatException($"'{text}' is not {Forms}.")
                : base.ConvertFrom(context, culture, value);
    }
}
