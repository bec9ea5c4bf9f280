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
        if (LambdaOptions.Configured(options.AccessKeyId) is { } accessKeyId)
        {
            // LambdaOptionsValidator has ensured the secret is there too.
            return new AwsCredentials(accessKeyId, options.SecretAccessKey!, LambdaOptions.Configured(options.SessionToken));
        }

        if (LambdaOptions.Configured(environment("AWS_ACCESS_KEY_ID")) is { } environmentKey
            && LambdaOptions.Configured(environment("AWS_SECRET_ACCESS_KEY")) is { } environmentSecret)
        {
            return new AwsCredentials(environmentKey, environmentSecret, LambdaOptions.Configured(environment("AWS_SESSION_TOKEN")));
        }

        return null;
    }
}
