using AppFlowLocal.Connectors;

namespace AppFlowLocal.Tests.Auth;

/// <summary>
/// The callers a server in sigv4 mode is given: a long-term key inline, a session credential inline,
/// and a long-term key from a credentials file; and the settings that configure them.
/// </summary>
internal static class SigV4Callers
{
    internal static readonly AwsCredentials Alice = new("AKIAALICEEXAMPLE", "alice-secret-9f8e7d6c5b4a", null);
    internal static readonly AwsCredentials Bob = new("ASIABOBEXAMPLE", "bob-secret-1a2b3c4d5e6f", "bob-session-token-0123456789abcdef");
    internal static readonly AwsCredentials Carol = new("AKIACAROLEXAMPLE", "carol-secret-77aa88bb99cc", null);

    internal const string AliceAccount = "111111111111";
    internal const string BobAccount = "222222222222";
    internal const string CarolAccount = "333333333333";

    internal static IEnumerable<string> Secrets => [Alice.SecretAccessKey, Bob.SecretAccessKey, Bob.SessionToken!, Carol.SecretAccessKey];

    /// <summary>The settings, with Carol written to a credentials file in <paramref name="directory"/>.</summary>
    internal static IEnumerable<string> Settings(string directory)
    {
        var file = Path.Combine(directory, "credentials.json");
        File.WriteAllText(file, $$"""
            {
              "Credentials": [
                { "AccessKeyId": "{{Carol.AccessKeyId}}", "SecretAccessKey": "{{Carol.SecretAccessKey}}", "AccountId": "{{CarolAccount}}", "UserName": "carol" }
              ]
            }
            """);
        return
        [
            "--Auth:Mode=SigV4",
            $"--Auth:Credentials:0:AccessKeyId={Alice.AccessKeyId}",
            $"--Auth:Credentials:0:SecretAccessKey={Alice.SecretAccessKey}",
            $"--Auth:Credentials:0:AccountId={AliceAccount}",
            "--Auth:Credentials:0:UserName=alice",
            $"--Auth:Credentials:1:AccessKeyId={Bob.AccessKeyId}",
            $"--Auth:Credentials:1:SecretAccessKey={Bob.SecretAccessKey}",
            $"--Auth:Credentials:1:SessionToken={Bob.SessionToken}",
            $"--Auth:Credentials:1:AccountId={BobAccount}",
            "--Auth:Credentials:1:UserName=bob",
            $"--Auth:CredentialsFile={file}",
        ];
    }
}
