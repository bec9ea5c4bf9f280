namespace AppFlowLocal.Connectors;

/// <summary>The credentials the Invoke call is signed with.</summary>
internal sealed record AwsCredentials(string AccessKeyId, string SecretAccessKey, string? SessionToken)
{
    /// <summary>
    /// Configured credentials first, else the standard AWS environment variables (as the AWS SDKs'
    /// default chain starts), else none: the call goes out unsigned, which local Lambda emulators accept.
    /// </summary>
    public static AwsCredentials? Resolve(LambdaOptions options, Func<string, string?> environment)
    {
        if (Present(options.AccessKeyId) is { } accessKeyId)
        {
            // LambdaOptionsValidator has ensured the secret is there too.
            return new AwsCredentials(accessKeyId, options.SecretAccessKey!, Present(options.SessionToken));
        }

        if (Present(environment("AWS_ACCESS_KEY_ID")) is { } environmentKey
            && Present(environment("AWS_SECRET_ACCESS_KEY")) is { } environmentSecret)
        {
            return new AwsCredentials(environmentKey, environmentSecret, Present(environment("AWS_SESSION_TOKEN")));
        }

        return null;
    }

    /// <summary>Configuration files and shells produce empty strings for "unset".</summary>
    internal static string? Present(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
