using System.Text.RegularExpressions;
using AppFlowLocal.Model;
using AppFlowLocal.Registry;
using Microsoft.Extensions.Options;

namespace AppFlowLocal.Wire;

/// <summary>
/// Reads the caller's account and region from the SigV4 Authorization header's credential scope
/// (SPEC.md, "Identity"). Signatures are not verified here: without authentication configured any
/// access key is accepted, as local emulators conventionally do.
/// </summary>
internal sealed partial class CallerResolver(IOptions<IdentityOptions> options)
{
    private const string Algorithm = "AWS4-HMAC-SHA256";

    public Caller Resolve(HttpRequest request)
    {
        var identity = options.Value;
        var header = request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header))
        {
            return ForAccount(identity.DefaultAccount, identity.DefaultRegion);
        }

        var scope = CredentialScope(header)
            ?? throw new AppFlowException(AwsErrorCode.IncompleteSignatureException,
                "Authorization header is not a valid AWS Signature Version 4 header: expected 'AWS4-HMAC-SHA256 Credential=<key>/<date>/<region>/<service>/aws4_request, SignedHeaders=..., Signature=...'.");

        // The region becomes part of every ARN and of the isolation scope: something that is not a
        // region name ("us:east", "US-WEST-2", quotes) would mint malformed ARNs or a separate namespace.
        if (!RegionName().IsMatch(scope.Region))
        {
            throw new AppFlowException(AwsErrorCode.IncompleteSignatureException,
                $"Credential should be scoped to a valid region, not '{Bounded(scope.Region)}': the credential scope '{Bounded(scope.Text)}' must name a region such as us-east-1.");
        }

        var account = scope.AccessKeyId.Length == 12 && scope.AccessKeyId.All(char.IsAsciiDigit)
            ? scope.AccessKeyId
            : identity.DefaultAccount;
        return ForAccount(account, scope.Region);
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

            // Credential=<access key>/<yyyymmdd>/<region>/<service>/aws4_request
            var text = item["Credential=".Length..];
            var fields = text.Split('/');
            if (fields.Length == 5 && fields[0].Length > 0 && fields[4] == "aws4_request")
            {
                return (fields[0], fields[2], text);
            }

            return null;
        }

        return null;
    }
}
