using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace AppFlowLocal.Hosting;

/// <summary>
/// Validates an options class's data annotations and words each failure as
/// "&lt;section&gt;:&lt;member&gt;: '&lt;value&gt;' &lt;annotation's message&gt;", the form the server prints when it
/// refuses to start (the stock ValidateDataAnnotations wraps each message in a sentence about the CLR class).
/// </summary>
internal sealed class AnnotatedSettingsValidator<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] TOptions>(string section)
    : IValidateOptions<TOptions>
    where TOptions : class
{
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "The options classes are kept whole by the type parameter's annotation.")]
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        foreach (var result in results)
        {
            foreach (var member in result.MemberNames)
            {
                var value = typeof(TOptions).GetProperty(member)?.GetValue(options);
                failures.Add($"{section}:{member}: '{Format(value)}' {result.ErrorMessage}");
            }
        }

        return ValidateOptionsResult.Fail(failures);
    }

    private static string Format(object? value) => value switch
    {
        TimeSpan span => span.ToString("c", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
