using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using AppFlowLocal.Wire;

namespace AppFlowLocal.Connectors;

/// <summary>
/// AWS Signature Version 4 for requests this server sends (the Lambda Invoke call), on the canonical
/// forms of <see cref="SigV4"/>. Agrees byte for byte with botocore's <c>SigV4Auth</c>, which a test runs side by side.
/// </summary>
internal static class SigV4Signer
{
    /// <summary>Headers botocore never signs: hop-by-hop ones and those proxies or tracing rewrite.</summary>
    private static readonly HashSet<string> Unsigned = new(StringComparer.OrdinalIgnoreCase)
    {
        "authorization", "connection", "expect", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
        "trailer", "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id",
    };

    // Every invocation signs with the same few keys (the configured credentials, today, the functions' regions),
    // each four HMACs to derive.
    private static readonly SigningKeyCache SigningKeys = new(64);

    /// <summary>
    /// Adds X-Amz-Date, X-Amz-Security-Token (with a session token), optionally X-Amz-Content-SHA256, and
    /// Authorization. Every header already on the request is signed, so set them all before signing.
    /// </summary>
    public static void Sign(
        HttpRequestMessage request,
        ReadOnlySpan<byte> body,
        AwsCredentials credentials,
        string region,
        string service,
        DateTimeOffset now,
        bool addContentSha256Header = false)
    {
        ArgumentNullException.ThrowIfNull(request.RequestUri);
        var amzDate = SigV4.FormatTime(now);
        var payloadHash = Convert.ToHexStringLower(SHA256.HashData(body));

        request.Headers.Remove("Authorization");
        Replace(request.Headers, "X-Amz-Date", amzDate);
        if (credentials.SessionToken is { } token)
        {
            Replace(request.Headers, "X-Amz-Security-Token", token);
        }

        if (addContentSha256Header)
        {
            Replace(request.Headers, "X-Amz-Content-SHA256", payloadHash);
        }

        var headers = SignableHeaders(request);
        var scope = SigV4.Scope(amzDate[..8], region, service);
        var stringToSign = SigV4.StringToSign(amzDate, scope, CanonicalRequest(request.Method.Method, request.RequestUri, headers, payloadHash));
        var signature = SigV4.Signature(SigningKeys.Get(credentials.SecretAccessKey, amzDate[..8], region, service), stringToSign);

        request.Headers.TryAddWithoutValidation("Authorization",
            $"{SigV4.Algorithm} Credential={credentials.AccessKeyId}/{scope}, SignedHeaders={string.Join(';', headers.Keys)}, Signature={signature}");
    }

    /// <summary>The canonical request of SigV4 step 1, exposed so tests can show it when signatures differ.</summary>
    internal static string CanonicalRequest(string method, Uri uri, SortedDictionary<string, string> headers, string payloadHash) =>
        SigV4.CanonicalRequest(method, CanonicalPath(uri.AbsolutePath), SigV4.CanonicalQuery(uri.Query), [.. headers], payloadHash);

    internal static string CanonicalPath(string escapedPath) => SigV4.CanonicalPath(escapedPath);

    /// <summary>Lower-cased names, values trimmed with inner runs of spaces collapsed, repeated values joined by commas.</summary>
    internal static SortedDictionary<string, string> SignableHeaders(HttpRequestMessage request)
    {
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal);
        void Add(HttpHeaders source)
        {
            foreach (var (name, values) in source.NonValidated)
            {
                if (!Unsigned.Contains(name))
                {
                    headers[name.ToLowerInvariant()] = SigV4.CanonicalHeaderValue(values);
                }
            }
        }

        Add(request.Headers);
        if (request.Content is { } content)
        {
            Add(content.Headers);
        }

        if (!headers.ContainsKey("host"))
        {
            // HttpClient sends the authority this way: the port only when it is not the scheme's default.
            var uri = request.RequestUri!;
            headers["host"] = uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port.ToString(CultureInfo.InvariantCulture)}";
        }

        return headers;
    }

    private static void Replace(HttpRequestHeaders headers, string name, string value)
    {
        headers.Remove(name);
        headers.TryAddWithoutValidation(name, value);
    }
}
