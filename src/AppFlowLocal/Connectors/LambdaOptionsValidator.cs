using System.Globalization;
using Microsoft.Extensions.Options;

namespace AppFlowLocal.Connectors;

/// <summary>
/// Rejects a "Lambda" section the invoker could not work with, at start-up rather than at the first
/// registration. Each failure reads "&lt;setting&gt;: &lt;problem&gt;", the form the server prints when it refuses to start.
/// </summary>
internal sealed class LambdaOptionsValidator : IValidateOptions<LambdaOptions>
{
    public ValidateOptionsResult Validate(string? name, LambdaOptions options)
    {
        var failures = new List<string>();
        if (LambdaOptions.Configured(options.Endpoint) is { } endpoint
            && !(Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)))
        {
            failures.Add($"Lambda:Endpoint: '{endpoint}' is not an absolute http or https URL, such as http://127.0.0.1:4568");
        }

        if (options.Timeout <= TimeSpan.Zero)
        {
            failures.Add($"Lambda:Timeout: '{Format(options.Timeout)}' is not a positive time span, such as 00:00:10");
        }
        else if (options.Timeout > LambdaOptions.MaxTimeout)
        {
            failures.Add($"Lambda:Timeout: '{Format(options.Timeout)}' is longer than {Format(LambdaOptions.MaxTimeout)}, the longest a Lambda function can run");
        }

        if (options.CommandConcurrency < 1)
        {
            failures.Add($"Lambda:CommandConcurrency: '{options.CommandConcurrency.ToString(CultureInfo.InvariantCulture)}' is not a positive number of processes, such as 8");
        }

        var hasKey = LambdaOptions.Configured(options.AccessKeyId) is not null;
        var hasSecret = LambdaOptions.Configured(options.SecretAccessKey) is not null;
        if (hasKey != hasSecret)
        {
            failures.Add(hasKey
                ? "Lambda:SecretAccessKey: is missing; it is required when Lambda:AccessKeyId is set"
                : "Lambda:AccessKeyId: is missing; it is required when Lambda:SecretAccessKey is set");
        }

        if (!hasKey && LambdaOptions.Configured(options.SessionToken) is not null)
        {
            failures.Add("Lambda:SessionToken: is set without Lambda:AccessKeyId and Lambda:SecretAccessKey, and is only used with them");
        }

        failures.AddRange(options.Bindings.Problems);
        foreach (var variable in options.FunctionEnvironment.Keys.Where(key => !IsVariableName(key)))
        {
            failures.Add($"Lambda:FunctionEnvironment:{variable}: '{variable}' is not an environment variable name (letters, digits and '_', not starting with a digit)");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsVariableName(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private static string Format(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);
}
