namespace LambdaStandIn;

/// <summary>One Invoke request as the stand-in received it, for tests to inspect.</summary>
/// <param name="FunctionName">The plain function name, taken out of an ARN if the caller sent one.</param>
/// <param name="Qualifier">Version or alias from the ARN or the Qualifier query parameter.</param>
/// <param name="RawTarget">The request target exactly as sent, percent-encoding included.</param>
/// <param name="Headers">Request headers by case-insensitive name; repeated headers joined with commas.</param>
public sealed record FunctionInvocation(
    string FunctionName,
    string? Qualifier,
    string Method,
    string RawTarget,
    IReadOnlyDictionary<string, string> Headers,
    string Body,
    DateTimeOffset ReceivedAt)
{
    /// <summary>The SigV4 credential scope (date/region/service/aws4_request), or null for an unsigned request.</summary>
    public string? CredentialScope => CredentialScopeOf(Headers.TryGetValue("Authorization", out var authorization) ? authorization : null);

    /// <summary>The scope part of "AWS4-HMAC-SHA256 Credential=AKID/20250101/us-east-1/lambda/aws4_request, ...".</summary>
    internal static string? CredentialScopeOf(string? authorization)
    {
        const string Marker = "Credential=";
        var start = authorization?.IndexOf(Marker, StringComparison.Ordinal) ?? -1;
        if (start < 0)
        {
            return null;
        }

        var credential = authorization![(start + Marker.Length)..].Split(',')[0].Trim();
        var slash = credential.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? null : credential[(slash + 1)..];
    }
}
