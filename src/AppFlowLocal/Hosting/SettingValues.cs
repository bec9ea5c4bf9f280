using System.ComponentModel;
using System.Globalization;
using System.Reflection;

namespace AppFlowLocal.Hosting;

/// <summary>
/// Finds configured values the configuration binder could not convert to their setting's type
/// ('banana' for a time span). The binder itself would throw an exception naming a CLR type from
/// inside the options factory; checked first, such a value is reported like any other bad setting:
/// named, quoted, and what is expected.
/// </summary>
internal static class SettingValues
{
    public static IReadOnlyList<string> Problems(IConfiguration configuration, IEnumerable<SettingsSection> sections)
    {
        var problems = new List<string>();
        foreach (var section in sections)
        {
            var defaults = Activator.CreateInstance(section.OptionsType)!;
            foreach (var property in section.OptionsType.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (property.SetMethod is not { IsPublic: true } || property.PropertyType == typeof(string))
                {
                    continue;
                }

                var setting = $"{section.Name}:{property.Name}";
                if (configuration[setting] is { } value && !Converts(property.PropertyType, value))
                {
                    problems.Add($"{setting}: '{value}' {Expected(property.PropertyType, property.GetValue(defaults), value)}");
                }
            }
        }

        return problems;
    }

    // The conversion the binder uses for a single value: the type's TypeConverter, invariant culture.
    private static bool Converts(Type type, string value)
    {
        try
        {
            TypeDescriptor.GetConverter(Nullable.GetUnderlyingType(type) ?? type).ConvertFromInvariantString(value);
            return true;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or NotSupportedException or OverflowException)
        {
            return false;
        }
    }

    private static string Expected(Type type, object? example, string value)
    {
        if ((Nullable.GetUnderlyingType(type) ?? type) == typeof(TimeSpan)
            && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            return $"has no unit: write {value.Trim()}s for seconds, {value.Trim()}m for minutes, or hh:mm:ss";
        }

        // An unset optional setting (int?) has no default to show.
        var exampleText = Convert.ToString(example, CultureInfo.InvariantCulture);
        var suchAs = string.IsNullOrEmpty(exampleText) ? "" : $", such as {exampleText}";
        return (Nullable.GetUnderlyingType(type) ?? type) switch
        {
            var t when t == typeof(TimeSpan) => $"is not {Durations.Forms}",
            var t when t == typeof(int) => $"is not a whole number from {int.MinValue} to {int.MaxValue}{suchAs}",
            var t when t == typeof(double) => $"is not a number{suchAs}",
            var t when t == typeof(bool) => "is neither true nor false",
            var t => $"is not a {t.Name} value{suchAs}",
        };
    }
}
