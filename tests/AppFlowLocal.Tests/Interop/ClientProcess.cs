using AppFlowLocal.Tests.Infrastructure;

namespace AppFlowLocal.Tests.Interop;

/// <summary>Starts a client program with the interop environment and without the machine's own AWS settings.</summary>
internal static class ClientProcess
{
    /// <summary>
    /// Variables that would change where a client connects, who it signs as or how often it retries.
    /// Setting them to "" is not the same as absent for every client, so they are removed outright.
    /// </summary>
    private static readonly string[] Inherited =
    [
        "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN",
        "AWS_ROLE_ARN", "AWS_ROLE_SESSION_NAME", "AWS_WEB_IDENTITY_TOKEN_FILE",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_AUTHORIZATION_TOKEN",
        "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_APPFLOW", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "AWS_CA_BUNDLE",
        "AWS_USE_FIPS_ENDPOINT", "AWS_USE_DUALSTACK_ENDPOINT", "AWS_MAX_ATTEMPTS", "AWS_RETRY_MODE",
        "AWS_DEFAULT_OUTPUT", "AWS_CLI_AUTO_PROMPT",
    ];

    /// <summary>
    /// Runs <paramref name="program"/> through env(1), which drops the <see cref="Inherited"/> variables
    /// that <paramref name="environment"/> does not set itself before the program starts.
    /// </summary>
    public static Task<ProcessResult> RunAsync(string program, IEnumerable<string> arguments, IDictionary<string, string> environment,
        string? workingDirectory = null) =>
        ExternalProcess.RunAsync("env",
            [.. Inherited.Where(name => !environment.ContainsKey(name)).SelectMany(name => new[] { "-u", name }), program, .. arguments],
            environment: environment, timeout: TimeSpan.FromMinutes(1), workingDirectory: workingDirectory);
}
