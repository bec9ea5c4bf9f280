using Microsoft.Extensions.Configuration;

namespace AppFlowLocal.Connectors;

/// <summary>
/// The <c>Lambda:Functions</c> section. It is read from the raw configuration rather than bound: a
/// function ARN as a key is full of ':', which configuration treats as nesting, so the binder would
/// scatter <c>arn:aws:lambda:...</c> over sections named "arn", "aws" and so on.
/// </summary>
internal sealed class FunctionBindings
{
    public const string SectionName = LambdaOptions.SectionName + ":Functions";

    private FunctionBindings(IReadOnlyList<FunctionBinding> bindings, IReadOnlyList<string> problems)
    {
        All = bindings;
        Problems = problems;
    }

    public static FunctionBindings None { get; } = new([], []);

    public IReadOnlyList<FunctionBinding> All { get; }

    /// <summary>Settings that are not bindings, in the start-up refusal's "&lt;setting&gt;: &lt;problem&gt;" form.</summary>
    public IReadOnlyList<string> Problems { get; }

    public static FunctionBindings Read(IConfiguration configuration)
    {
        var section = configuration.GetSection(SectionName);
        var bindings = new List<FunctionBinding>();
        var problems = new List<string>();
        foreach (var (path, value) in section.AsEnumerable(makePathsRelative: true))
        {
            if (value is null)
            {
                // An intermediate section of an ARN key ("arn", "arn:aws"...): not a setting of its own.
                continue;
            }

            var setting = $"{SectionName}:{path}";
            if (!NamesAFunction(path))
            {
                problems.Add($"{setting}: '{path}' is not a Lambda function name or ARN, such as my-connector, my-connector:prod or arn:aws:lambda:us-east-1:123456789012:function:my-connector");
            }
            else if (Target(path, value) is { } binding)
            {
                bindings.Add(binding);
            }
            else
            {
                problems.Add($"{setting}: '{value}' is not a binding target: expected an http:// or https:// Lambda Invoke endpoint (http://127.0.0.1:4569) or cmd:<command line> (cmd:python3 handler.py)");
            }
        }

        return new FunctionBindings(bindings, problems);
    }

    /// <summary>The binding for <paramref name="function"/>, or null when its invocations go to Lambda:Endpoint.</summary>
    public FunctionBinding? For(LambdaFunctionArn function)
    {
        FunctionBinding? best = null;
        var bestSpecificity = 0;
        foreach (var binding in All)
        {
            var specificity = binding.Specificity(function);
            if (specificity > bestSpecificity)
            {
                (best, bestSpecificity) = (binding, specificity);
            }
        }

        return best;
    }

    private static FunctionBinding? Target(string key, string value)
    {
        if (value.StartsWith(FunctionBinding.CommandPrefix, StringComparison.Ordinal))
        {
            var command = value[FunctionBinding.CommandPrefix.Length..].Trim();
            return command.Length > 0 ? new FunctionBinding(key, null, command) : null;
        }

        return Uri.TryCreate(value, UriKind.Absolute, out var endpoint) && (endpoint.Scheme == Uri.UriSchemeHttp || endpoint.Scheme == Uri.UriSchemeHttps)
            ? new FunctionBinding(key, endpoint, null)
            : null;
    }

    /// <summary>A function name (Lambda's own rule: letters, digits, '-' and '_'), with an optional qualifier, or a function ARN.</summary>
    private static bool NamesAFunction(string key)
    {
        if (key.StartsWith("arn:", StringComparison.Ordinal))
        {
            return LambdaFunctionArn.TryParse(key, out _);
        }

        var parts = key.Split(':');
        return parts.Length is 1 or 2 && parts.All(part => part.Length is > 0 and <= 128 && part.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' || (c == '$' && part == "$LATEST")));
    }
}
