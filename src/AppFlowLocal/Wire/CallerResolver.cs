using AppFlowLocal.Model;
using AppFlowLocal.Registry;
using Microsoft.Extensions.Options;

namespace AppFlowLocal.Wire;

/// <summary>
/// Reads the caller's account and region from the SigV4 Authorization header's credential scope
/// (SPEC.md, "Identity"). Signatures are not verified here: without authentication configured any
/// access key is accepted, as local emulators conventionally do.
/// </summary>
internal sealed class CallerResolver(IOptions<IdentityOptions> options)
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
            ?? throw new AppFlowException(AwsErrorCode.AccessDeniedException,
                "Authorization header is not a valid AWS Signature Version 4 header: expected 'AWS4-HMAC-SHA256 Credential=<key>/<date>/<region>/<service>/aws4_request, SignedHeaders=..., Signature=...'.");
        var account = scope.AccessKeyId.Length == 12 && scope.AccessKeyId.All(char.IsAsciiDigit)
            ? scope.AccessKeyId
            : identity.DefaultAccount;
        return ForAccount(account, scope.Region);
    }

    private static Caller ForAccount(string account, string region) => new(account, region, $"arn:aws:iam::{account}:root");

    private static (string AccessKeyId, string Region)? CredentialScope(string header)
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
            var fields = item["Credential=".Length..].Split('/');
            if (fields.Length == 5 && fields[0].Length > 0 && fields[2].Length > 0 && fields[4] == "aws4_request")
            {
                return (fields[0], fields[2]);
            }

            return null;
        }

        return null;
    }
}
