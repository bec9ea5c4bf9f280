using AppFlowLocal.Connectors;
using AppFlowLocal.Tests.Interop;

namespace AppFlowLocal.Tests.Auth;

/// <summary>The interop fixture with the server in sigv4 mode, its callers being <see cref="SigV4Callers"/>.</summary>
public sealed class SigV4InteropFixture : InteropFixture
{
    protected override IEnumerable<string> Settings => SigV4Callers.Settings(Directory);

    /// <summary>The standard AWS environment variables for signing with <paramref name="credentials"/>.</summary>
    internal static Dictionary<string, string> Environment(AwsCredentials credentials, params (string Name, string Value)[] more)
    {
        var environment = new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = credentials.AccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = credentials.SecretAccessKey,
        };
        if (credentials.SessionToken is { } token)
        {
            environment["AWS_SESSION_TOKEN"] = token;
        }

        foreach (var (name, value) in more)
        {
            environment[name] = value;
        }

        return environment;
    }
}
