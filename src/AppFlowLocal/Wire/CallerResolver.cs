using System.Text.RegularExpressions;
using AppFlowLocal.Model;
using AppFlowLocal.Registry;
using Microsoft.Extensions.Options;

namespace AppFlowLocal.Wire;

/// <summary>
/// Reads the caller's account and region from the SigV4 credential scope, in the Authorization header or a
/// presigned URL's X-Amz-Credential (README, "Authentication"). Signatures are not verified here: without authentication configured any
/// access key is accepted, as local emulators conventionally do.
/// </summary>
internal sealed partial class CallerResolver(IOptions<IdentityOptions> options)
{
    private const string Algorithm = "AWS4-HMAC-SHA256";

    private const string PresignedCredential = "X-Amz-Credential";

    public Caller Resolve(HttpRequest request)
    {
        var identity = options.Value;
        var header = request.Headers.Authorization.ToString();
        (string AccessKeyId, string Region, string Text)? scope;
        if (!string.IsNullOrEmpty(header))
        {
            scope = CredentialScope(header)
                ?? throw new AppFlowException(AwsErrorCode.IncompleteSignatureException,
                    "Authorization header is not a valid AWS Signature Version 4 header: expected 'AWS4-HMAC-SHA256 Credential=<key>/<date>/<region>/<service>/aws4_request, SignedHeaders=..., Signature=...'.");
        }
        else if (request.Query.TryGetValue(PresignedCredential, out var credential))
        {
            // A presigned URL (query-string authentication) names its caller as the header does.
            scope = Scope(credential.ToString())
                ?? throw new AppFlowException(AwsErrorCode.IncompleteSignatureException,
                    $"{PresignedCredential} is not a valid AWS Signature Version 4 credential: expected '<key>/<date>/<region>/<service>/aws4_request', got '{Bounded(credential.ToString())}'.");
        }
        else
        {
            return ForAccount(identity.DefaultAccount, identity.DefaultRegion);
        }

        // The region becomes part of every ARN and of the isolation scope: something that is not a
        // region name ("us:east", "US-WEST-2", quotes) would mint malformed ARNs or a separate namespace.
        var (accessKeyId, region, text) = scope.Value;
        if (!RegionName().IsMatch(region))
        {
            throw new AppFlowException(AwsErrorCode.IncompleteSignatureException,
                $"Credential should be scoped to a valid region, not '{Bounded(region)}': the credential scope '{Bounded(text)}' must name a region such as us-east-1.");
        }

        var account = accessKeyId.Length == 12 && accessKeyId.All(char.IsAsciiDigit)
            ? accessKeyId
            : identity.DefaultAccount;
        return ForAccount(account, region);
    }

    /// <summary>
    /// AWS region names: two letters, one or more words, a number (us-east-1, us-gov-west-1, us-iso-east-1).
    /// [0-9] rather than \d, which in .NET also matches other scripts' digits.
    /// </summary>
    [GeneratedRegex(@"^[a-z]{2}(-[a-z]+)+-[0-9]+\z", RegexOptions.CultureInvariant)]
    internal static partial Regex RegionName();

    private static Caller ForAccount(string account, string region) => new(account, region, $"arn:aws:iam::{account}:root");

    /// <summary>Header text echoed in a message, bounded: the header is the client's, of any length.</summary>
    private static string Bounded(string text) => text.Length <= 256 ? text : text[..256] + "...";

    private static (string AccessKeyId, string Region, string Text)? CredentialScope(string header)
    {
        if (!header.StartsWith(Algorithm + " ", StringComparison.Ordinal))
        {
            return null;
        }

        foreach (var part in header[Algorithm.Length..].Split(','))
        {
            var item = part.Trim();
            if (!item.StartsWith("Credential=", StringComparison.Ordinal))
            {
                continue;
            }

            return Scope(item["Credential=".Length..]);
        }

        return null;
    }

    /// <summary>&lt;access key&gt;/&lt;yyyymmdd&gt;/&lt;region&gt;/&lt;service&gt;/aws4_request, or null.</summary>
    private static (string AccessKeyId, string Region, string Text)? Scope(string text)
    {
        var fields = text.Split('/');
        return fields.Length == 5 && fields[0].Length > 0 && fields[4] == "aws4_request" ? (fields[0], fields[2], text) : null;
    }
}
