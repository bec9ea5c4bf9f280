using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace AppFlowLocal.Connectors;

/// <summary>
/// AWS Signature Version 4 for requests this server sends (the Lambda Invoke call). Written to agree
/// byte for byte with botocore's <c>SigV4Auth</c>, which a test runs side by side.
/// </summary>
internal static class SigV4Signer
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>Headers botocore never signs: hop-by-hop ones and those proxies or tracing rewrite.</summary>
    private static readonly HashSet<string> Unsigned = new(StringComparer.OrdinalIgnoreCase)
    {
        "authorization", "connection", "expect", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
        "trailer", "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id",
    };

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
        var amzDate = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
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
        var scope = $"{amzDate[..8]}/{region}/{service}/aws4_request";
        var canonicalRequest = CanonicalRequest(request.Method.Method, request.RequestUri, headers, payloadHash);
        var stringToSign = $"{Algorithm}\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
        var signature = Hex(HMACSHA256.HashData(SigningKey(credentials.SecretAccessKey, amzDate[..8], region, service), Encoding.UTF8.GetBytes(stringToSign)));

        request.Headers.TryAddWithoutValidation("Authorization",
            $"{Algorithm} Credential={credentials.AccessKeyId}/{scope}, SignedHeaders={string.Join(';', headers.Keys)}, Signature={signature}");
    }

    /// <summary>The canonical request of SigV4 step 1, exposed so tests can show it when signatures differ.</summary>
    internal static string CanonicalRequest(string method, Uri uri, SortedDictionary<string, string> headers, string payloadHash)
    {
        var builder = new StringBuilder();
        builder.Append(method.ToUpperInvariant()).Append('\n');
        builder.Append(CanonicalPath(uri.AbsolutePath)).Append('\n');
        builder.Append(CanonicalQuery(uri.Query)).Append('\n');
        foreach (var (name, value) in headers)
        {
            builder.Append(name).Append(':').Append(value).Append('\n');
        }

        builder.Append('\n').Append(string.Join(';', headers.Keys)).Append('\n').Append(payloadHash);
        return builder.ToString();
    }

    /// <summary>
    /// Services other than S3 sign the path encoded once more on top of how it is sent: a FunctionName
    /// sent as <c>arn%3Aaws</c> is signed as <c>arn%253Aaws</c>. The paths this server builds carry no
    /// dot segments, so botocore's normalisation of those is not needed.
    /// </summary>
    internal static string CanonicalPath(string escapedPath) =>
        escapedPath.Length == 0 ? "/" : Encode(escapedPath, keepSlash: true);

    /// <summary>Like botocore for a query already in the URL: pairs sorted, taken as they are sent.</summary>
    internal static string CanonicalQuery(string query)
    {
        var text = query.StartsWith('?') ? query[1..] : query;
        if (text.Length == 0)
        {
            return "";
        }

        var pairs = text.Split('&').Select(pair =>
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            return equals < 0 ? (Key: pair, Value: "") : (Key: pair[..equals], Value: pair[(equals + 1)..]);
        });
        return string.Join('&', pairs.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => $"{p.Key}={p.Value}"));
    }

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
                    headers[name.ToLowerInvariant()] = string.Join(',', values.Select(TrimAll));
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

    private static string TrimAll(string value) => string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static byte[] SigningKey(string secret, string date, string region, string service)
    {
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secret), Encoding.UTF8.GetBytes(date));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(region));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(service));
        return HMACSHA256.HashData(key, "aws4_request"u8);
    }

    /// <summary>RFC 3986 percent-encoding of everything but unreserved characters (and '/' in paths), upper-case hex.</summary>
    private static string Encode(string value, bool keepSlash)
    {
        var builder = new StringBuilder(value.Length * 2);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~' || (keepSlash && c == '/'))
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    private static void Replace(HttpRequestHeaders headers, string name, string value)
    {
        headers.Remove(name);
        headers.TryAddWithoutValidation(name, value);
    }
}
