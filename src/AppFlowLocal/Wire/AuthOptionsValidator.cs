using System.Text.RegularExpressions;
using AppFlowLocal.Hosting;
using Microsoft.Extensions.Options;

namespace AppFlowLocal.Wire;

/// <summary>
/// Refuses an "Auth" section that would leave the server open where it should not be, or unable to
/// recognise anyone: each failure is one line "&lt;setting&gt;: &lt;problem&gt;", and none quotes a secret.
/// </summary>
internal sealed partial class AuthOptionsValidator(string? urls) : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var failures = new List<string>();
        var sigV4 = options.RequiresSignature;
        if (!sigV4 && !string.Equals(options.Mode, AuthOptions.OpenMode, StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"Auth:Mode: '{options.Mode}' is neither {AuthOptions.OpenMode} nor {AuthOptions.SigV4Mode}");
        }

        var all = new List<(string Setting, AuthCredential Credential)>();
        var unusableFile = false;
        for (var i = 0; i < options.Credentials.Count; i++)
        {
            all.Add(($"Auth:Credentials:{i}", options.Credentials[i]));
        }

        if (!string.IsNullOrWhiteSpace(options.CredentialsFile))
        {
            var (fromFile, problem) = CredentialsFile.Load(options.CredentialsFile);
            if (problem is not null)
            {
                failures.Add($"Auth:CredentialsFile: '{options.CredentialsFile}' {problem}");
                unusableFile = true;
            }

            for (var i = 0; i < fromFile.Count; i++)
            {
                all.Add(($"Auth:CredentialsFile '{options.CredentialsFile}': Credentials[{i}]", fromFile[i]));
            }
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (setting, credential) in all)
        {
            failures.AddRange(Problems(setting, credential));
            if (credential.AccessKeyId.Length > 0 && !seen.Add(credential.AccessKeyId))
            {
                failures.Add($"{setting}: AccessKeyId '{credential.AccessKeyId}' is configured more than once; each access key belongs to one caller");
            }
        }

        // An unusable file is the problem to fix, not that there are no credentials.
        if (sigV4 && all.Count == 0 && !unusableFile)
        {
            failures.Add("Auth:Mode: sigv4 needs at least one credential, in Auth:Credentials or in the file Auth:CredentialsFile names");
        }

        if (!sigV4 && !options.AllowOpenOnNetwork && ListeningAddresses.NotLoopback(urls) is { Count: > 0 } exposed)
        {
            failures.Add($"{ListeningAddresses.Setting}: '{string.Join(';', exposed)}' is reachable from other machines, and Auth:Mode is open, "
                + "which lets anyone act as any account; set Auth:Mode=sigv4 with credentials, or Auth:AllowOpenOnNetwork=true to serve open mode anyway");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static IEnumerable<string> Problems(string setting, AuthCredential credential)
    {
        // A key is echoed in Authorization headers and messages, so it may be quoted; a secret never is.
        if (!AccessKey().IsMatch(credential.AccessKeyId))
        {
            yield return $"{setting}:AccessKeyId: '{credential.AccessKeyId}' is not an access key id: 1 to 128 letters and digits, such as AKIAIOSFODNN7EXAMPLE";
        }

        if (string.IsNullOrEmpty(credential.SecretAccessKey))
        {
            yield return $"{setting}:SecretAccessKey: is missing";
        }

        if (!AccountId().IsMatch(credential.AccountId))
        {
            yield return $"{setting}:AccountId: '{credential.AccountId}' is not a 12-digit AWS account id, such as 111122223333";
        }

        if (!UserName().IsMatch(credential.UserName))
        {
            yield return $"{setting}:UserName: '{credential.UserName}' is not an IAM user name: 1 to 64 letters, digits and +=,.@_-";
        }

        if (credential.SessionToken is { Length: 0 })
        {
            yield return $"{setting}:SessionToken: is empty; leave it out for a credential without a session token";
        }
    }

    [GeneratedRegex("^[A-Za-z0-9]{1,128}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex AccessKey();

    [GeneratedRegex("^[0-9]{12}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex AccountId();

    [GeneratedRegex("^[A-Za-z0-9+=,.@_-]{1,64}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex UserName();
}
