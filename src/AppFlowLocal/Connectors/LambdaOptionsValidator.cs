using Microsoft.Extensions.Options;

namespace AppFlowLocal.Connectors;

/// <summary>Rejects a "Lambda" section the invoker could not work with, at start-up rather than at the first registration.</summary>
internal sealed class LambdaOptionsValidator : IValidateOptions<LambdaOptions>
{
    public ValidateOptionsResult Validate(string? name, LambdaOptions options)
    {
        var failures = new List<string>();
        if (LambdaOptions.Configured(options.Endpoint) is { } endpoint
            && !(Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)))
        {
            failures.Add($"Lambda:Endpoint must be an absolute http or https URL, such as http://127.0.0.1:4568, but is '{endpoint}'.");
        }

        if (options.Timeout <= TimeSpan.Zero)
        {
            failures.Add($"Lambda:Timeout must be positive, such as 00:00:30, but is {options.Timeout}.");
        }

        var hasKey = LambdaOptions.Configured(options.AccessKeyId) is not null;
        var hasSecret = LambdaOptions.Configured(options.SecretAccessKey) is not null;
        if (hasKey != hasSecret)
        {
            failures.Add(hasKey
                ? "Lambda:SecretAccessKey is required when Lambda:AccessKeyId is set."
                : "Lambda:AccessKeyId is required when Lambda:SecretAccessKey is set.");
        }

        if (!hasKey && LambdaOptions.Configured(options.SessionToken) is not null)
        {
            failures.Add("Lambda:SessionToken is only used with Lambda:AccessKeyId and Lambda:SecretAccessKey.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
