using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AppFlowLocal.Wire;

/// <summary>
/// The parts of AWS Signature Version 4 that signing and verifying share: the canonical request, the
/// string to sign and the signing key. One copy, so that what this server signs (the Lambda Invoke
/// call) and what it accepts (every request in <c>sigv4</c> mode) cannot drift apart.
/// </summary>
internal static class SigV4
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    public const string TimeFormat = "yyyyMMdd'T'HHmmss'Z'";

    /// <summary>SHA-256 of an empty payload, which clients sign for a body-less request.</summary>
    public const string EmptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /// <summary>
    /// The canonical request of SigV4 step 1. <paramref name="headers"/> are the signed headers,
    /// named in lower case, sorted, their values already canonical (<see cref="CanonicalHeaderValue"/>).
    /// </summary>
    public static string CanonicalRequest(string method, string canonicalPath, string canonicalQuery,
        IReadOnlyList<KeyValuePair<string, string>> headers, string payloadHash)
    {
        var builder = new StringBuilder(256);
        builder.Append(method.ToUpperInvariant()).Append('\n');
        builder.Append(canonicalPath).Append('\n');
        builder.Append(canonicalQuery).Append('\n');
        foreach (var (name, value) in headers)
        {
            builder.Append(name).Append(':').Append(value).Append('\n');
        }

        builder.Append('\n');
        for (var i = 0; i < headers.Count; i++)
        {
            builder.Append(i == 0 ? "" : ";").Append(headers[i].Key);
        }

        return builder.Append('\n').Append(payloadHash).ToString();
    }

    public static string Scope(string date, string region, string service) => $"{date}/{region}/{service}/aws4_request";

    public static string StringToSign(string amzDate, string scope, string canonicalRequest) =>
        $"{Algorithm}\n{amzDate}\n{scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";

    /// <summary>The key of SigV4 step 3: HMACs of the date, region and service under "AWS4" + secret.</summary>
    public static byte[] SigningKey(string secret, string date, string region, string service)
    {
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secret), Encoding.UTF8.GetBytes(date));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(region));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(service));
        return HMACSHA256.HashData(key, "aws4_request"u8);
    }

    /// <summary>
    /// Whether <paramref name="signature"/> (lower-case hex, as the Authorization header carries it) is
    /// the one <paramref name="signingKey"/> makes for the request, compared in constant time. Every
    /// step works in stack or pooled buffers: it runs on every request in sigv4 mode.
    /// </summary>
    public static bool SignatureMatches(byte[] signingKey, string amzDate, string scope, string canonicalRequest, string signature)
    {
        const int HexLength = 64;
        if (signature.Length != HexLength)
        {
            return false;
        }

        var canonicalBytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(canonicalRequest.Length));
        var toSign = ArrayPool<byte>.Shared.Rent(Algorithm.Length + amzDate.Length + scope.Length + HexLength + 3);
        try
        {
            Span<byte> hash = stackalloc byte[32];
            SHA256.HashData(canonicalBytes.AsSpan(0, Encoding.UTF8.GetBytes(canonicalRequest, canonicalBytes)), hash);

            // Algorithm \n amzDate \n scope \n hex(SHA-256(canonical request))
            var length = 0;
            length += Encoding.ASCII.GetBytes(Algorithm, toSign.AsSpan(length));
            toSign[length++] = (byte)'\n';
            length += Encoding.ASCII.GetBytes(amzDate, toSign.AsSpan(length));
            toSign[length++] = (byte)'\n';
            length += Encoding.UTF8.GetBytes(scope, toSign.AsSpan(length));
            toSign[length++] = (byte)'\n';
            length += LowerHex(hash, toSign.AsSpan(length));

            Span<byte> mac = stackalloc byte[32];
            HMACSHA256.HashData(signingKey, toSign.AsSpan(0, length), mac);
            Span<byte> expected = stackalloc byte[HexLength];
            LowerHex(mac, expected);
            Span<byte> sent = stackalloc byte[HexLength];
            var lowerHex = true;
            for (var i = 0; i < HexLength; i++)
            {
                // Only the 64 lower-case hex digits are a signature. Anything else is a mismatch, never
                // narrowed to a byte first: 'İ' (U+0130) cast to a byte is '0', and would have matched.
                var c = signature[i];
                lowerHex &= char.IsAsciiDigit(c) || c is >= 'a' and <= 'f';
                sent[i] = (byte)c;
            }

            return CryptographicOperations.FixedTimeEquals(expected, sent) & lowerHex;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(canonicalBytes);
            ArrayPool<byte>.Shared.Return(toSign);
        }
    }

    private static int LowerHex(ReadOnlySpan<byte> bytes, Span<byte> destination)
    {
        const string Digits = "0123456789abcdef";
        for (var i = 0; i < bytes.Length; i++)
        {
            destination[2 * i] = (byte)Digits[bytes[i] >> 4];
            destination[(2 * i) + 1] = (byte)Digits[bytes[i] & 0xF];
        }

        return 2 * bytes.Length;
    }

    /// <summary>A path that normalising and encoding would leave as it is: unreserved characters and single slashes, no dot segments.</summary>
    private static bool IsCanonicalPath(string path)
    {
        if (path[0] != '/')
        {
            return false;
        }

        for (var i = 0; i < path.Length; i++)
        {
            var c = path[i];
            if (c == '/')
            {
                var next = i + 1 < path.Length ? path[i + 1] : '\0';
                if (next == '/' || (next == '.' && (i + 2 >= path.Length || path[i + 2] is '/' or '.')))
                {
                    return false;
                }
            }
            else if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The signature in the form the Authorization header carries it: lower-case hex.</summary>
    public static string Signature(byte[] signingKey, string stringToSign) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes(stringToSign)));

    /// <summary>
    /// The canonical URI of services other than S3: the path as it is sent, with dot segments and
    /// repeated slashes removed (botocore and the JavaScript SDK normalise it so), then percent-encoded
    /// once more: a label sent as <c>arn%3Aaws</c> is signed as <c>arn%253Aaws</c>.
    /// </summary>
    public static string CanonicalPath(string pathAsSent)
    {
        if (pathAsSent.Length == 0)
        {
            return "/";
        }

        // Every operation's path ("/describe-connector") is already canonical: nothing to remove, nothing to encode.
        if (IsCanonicalPath(pathAsSent))
        {
            return pathAsSent;
        }

        var segments = new List<string>();
        foreach (var segment in pathAsSent.Split('/'))
        {
            if (segment is "" or ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }

                continue;
            }

            segments.Add(segment);
        }

        var normalized = "/" + string.Join('/', segments);
        if (segments.Count > 0 && pathAsSent.EndsWith('/'))
        {
            normalized += "/";
        }

        return Encode(normalized, keepSlash: true);
    }

    /// <summary>
    /// The canonical query: each name and value decoded from how it was sent and encoded the SigV4 way
    /// (RFC 3986, upper-case hex), pairs sorted by name and then value.
    /// </summary>
    /// <param name="excluded">A parameter left out, by its decoded name: a presigned request's X-Amz-Signature, which cannot sign itself.</param>
    public static string CanonicalQuery(string query, string? excluded = null)
    {
        var pairs = new List<(string Key, string Value)>();
        foreach (var (key, value) in QueryParameters(query))
        {
            if (key != excluded)
            {
                pairs.Add((Encode(key, keepSlash: false), Encode(value, keepSlash: false)));
            }
        }

        if (pairs.Count == 0)
        {
            return "";
        }

        pairs.Sort(static (a, b) =>
        {
            var byKey = string.CompareOrdinal(a.Key, b.Key);
            return byKey != 0 ? byKey : string.CompareOrdinal(a.Value, b.Value);
        });
        return string.Join('&', pairs.Select(static p => $"{p.Key}={p.Value}"));
    }

    /// <summary>The query's parameters, each name and value decoded from how it was sent, in the order sent.</summary>
    public static IEnumerable<(string Key, string Value)> QueryParameters(string query)
    {
        var text = query.StartsWith('?') ? query[1..] : query;
        if (text.Length == 0)
        {
            yield break;
        }

        foreach (var pair in text.Split('&'))
        {
            if (pair.Length == 0)
            {
                continue;
            }

            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? pair : pair[..equals];
            var value = equals < 0 ? "" : pair[(equals + 1)..];
            yield return (Uri.UnescapeDataString(key), Uri.UnescapeDataString(value));
        }
    }

    /// <summary>A header's values as signed: each trimmed with inner runs of whitespace collapsed, repeated values joined by commas.</summary>
    public static string CanonicalHeaderValue(IEnumerable<string?> values)
    {
        // The common case, one value already in canonical form, is returned as it is: no allocation
        // on the path every signed request takes.
        if (values is IReadOnlyList<string?> { Count: 1 } single && single[0] is { } only && IsCanonical(only))
        {
            return only;
        }

        return string.Join(',', values.Select(static value => string.Join(' ', (value ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))));
    }

    private static bool IsCanonical(string value)
    {
        if (value.Length > 0 && (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1])))
        {
            return false;
        }

        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsWhiteSpace(value[i]) && (value[i] != ' ' || char.IsWhiteSpace(value[i + 1])))
            {
                return false;
            }
        }

        return true;
    }

    public static string FormatTime(DateTimeOffset time) => time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    /// <summary>RFC 3986 percent-encoding of everything but unreserved characters (and '/' in paths), upper-case hex.</summary>
    private static string Encode(string value, bool keepSlash)
    {
        var builder = new StringBuilder(value.Length + 16);
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
}
