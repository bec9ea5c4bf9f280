using System.Security.Cryptography;
using AppFlowLocal.Wire;

namespace AppFlowLocal.Bench;

/// <summary>
/// Signs the bench's sigv4 requests the way the SDKs do, with the server's own canonical forms
/// (linked, not copied). One fixed request's signature is reused for a minute, well inside the
/// server's five-minute window, so the load generator measures the server's verification, not its
/// own signing.
/// </summary>
internal sealed class PresignedRequests(string accessKeyId, string secret, string region)
{
    private readonly Lock gate = new();
    private readonly Dictionary<(string Authority, string Path, string Body), (DateTimeOffset Signed, string AmzDate, string Authorization)> signed = [];

    public HttpRequestMessage Post(Uri baseAddress, string path, string json)
    {
        var uri = new Uri(baseAddress, path);
        var (amzDate, authorization) = Signature(uri, json);
        var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return request;
    }

    private (string AmzDate, string Authorization) Signature(Uri uri, string json)
    {
        lock (gate)
        {
            var now = DateTimeOffset.UtcNow;
            if (signed.TryGetValue((uri.Authority, uri.AbsolutePath, json), out var cached) && now - cached.Signed < TimeSpan.FromMinutes(1))
            {
                return (cached.AmzDate, cached.Authorization);
            }

            var amzDate = SigV4.FormatTime(now);
            var scope = SigV4.Scope(amzDate[..8], region, "appflow");
            var payloadHash = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(json)));
            var canonical = SigV4.CanonicalRequest("POST", SigV4.CanonicalPath(uri.AbsolutePath), "",
                [KeyValuePair.Create("host", uri.Authority), KeyValuePair.Create("x-amz-date", amzDate)], payloadHash);
            var signature = SigV4.Signature(SigV4.SigningKey(secret, amzDate[..8], region, "appflow"), SigV4.StringToSign(amzDate, scope, canonical));
            var authorization = $"{SigV4.Algorithm} Credential={accessKeyId}/{scope}, SignedHeaders=host;x-amz-date, Signature={signature}";
            signed[(uri.Authority, uri.AbsolutePath, json)] = (now, amzDate, authorization);
            return (amzDate, authorization);
        }
    }
}
