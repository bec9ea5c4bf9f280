namespace AppFlowLocal.Connectors;

/// <summary>
/// One <c>Lambda:Functions:&lt;function&gt;=&lt;target&gt;</c> setting: invocations of the functions it
/// names go to <see cref="Endpoint"/> (a Lambda-Invoke-compatible endpoint) or run <see cref="Command"/>
/// (a local process), instead of to Lambda:Endpoint.
/// </summary>
internal sealed record FunctionBinding(string Key, Uri? Endpoint, string? Command)
{
    public const string CommandPrefix = "cmd:";

    /// <summary>The target as configured, for messages and the start-up line.</summary>
    public string Target => Endpoint?.ToString() ?? CommandPrefix + Command;

    /// <summary>
    /// How closely the key names <paramref name="function"/>; 0 when it does not. A full ARN with its
    /// qualifier beats the ARN without one, which beats name:qualifier, which beats the bare name: the
    /// more a key says, the fewer functions it can mean.
    /// </summary>
    public int Specificity(LambdaFunctionArn function)
    {
        if (Key.StartsWith("arn:", StringComparison.Ordinal))
        {
            if (Key == function.Value)
            {
                return 4;
            }

            // An unqualified ARN binds every version and alias of its function.
            return function.Qualifier is { } qualifier && Key == function.Value[..^(qualifier.Length + 1)] ? 3 : 0;
        }

        if (function.Qualifier is { } q && Key == $"{function.FunctionName}:{q}")
        {
            return 2;
        }

        return Key == function.FunctionName ? 1 : 0;
    }
}
