using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AppFlowLocal.Model;

namespace AppFlowLocal.Wire;

/// <summary>
/// Verifies AWS Signature Version 4, in the Authorization header or a presigned URL's query, as AWS does, answering each failure with the
/// error code and message AWS gives (so the SDKs raise the exception they raise against AWS, and the
/// JavaScript SDK corrects its clock on a skew error). Signatures are compared in constant time; the
/// derived signing keys, four HMACs each, are cached per key, date, region and service.
/// </summary>
internal sealed class SigV4Verifier
{
    /// <summary>How far a request's time may be from the server's, either way, as AWS allows.</summary>
    public static readonly TimeSpan AllowedSkew = TimeSpan.FromMinutes(5);

    public const string MismatchMessage = "The request signature we calculated does not match the signature you provided. "
        + "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

    public const string UnrecognizedMessage = "The security token included in the request is invalid.";

    // A day's keys for every credential and region in use; past this something is churning (made-up
    // regions, say) and the cache starts again rather than grow.
    private const int KeyCacheLimit = 1024;

    /// <summary>The longest a presigned request may say it lasts: a week, as AWS allows.</summary>
    private const long MaxExpiresSeconds = 604_800;

    private const string AlgorithmParameter = "X-Amz-Algorithm";

    private const string CredentialParameter = "X-Amz-Credential";

    private const string SignatureParameter = "X-Amz-Signature";

    private readonly Dictionary<string, AuthCredential> credentials;
    private readonly TimeProvider time;
    private readonly string service;
    private readonly SigningKeyCache signingKeys = new(KeyCacheLimit);

    public SigV4Verifier(IEnumerable<AuthCredential> credentials, TimeProvider time, string service = "appflow")
    {
        this.credentials = credentials.ToDictionary(c => c.AccessKeyId, StringComparer.Ordinal);
        this.time = time;
        this.service = service;
    }

    /// <summary>How many derived signing keys are held (tests: the cache is used and bounded).</summary>
    internal int CachedSigningKeys => signingKeys.Count;

    /// <summary>The credential and region of a correctly signed request; any other request is an <see cref="AppFlowException"/>.</summary>
    public SignatureCheck Verify(SignedRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        var presigned = IsPresigned(request.Query);
        if (string.IsNullOrEmpty(header) && !presigned)
        {
            throw new AppFlowException(AwsErrorCode.MissingAuthenticationTokenException, "Missing Authentication Token");
        }

        if (!string.IsNullOrEmpty(header) && presigned)
        {
            throw Incomplete("Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter or the Authorization header should be specified.");
        }

        var authorization = presigned ? ParseQuery(request.Query) : Parse(header, request.Headers);
        var scope = authorization.Credential.Split('/');
        if (scope.Length != 5 || scope[0].Length == 0 || scope[4] != "aws4_request")
        {
            throw Incomplete($"Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '{Bounded(authorization.Credential)}'");
        }

        var (accessKeyId, date, region, scopeService) = (scope[0], scope[1], scope[2], scope[3]);
        if (date != authorization.AmzDate[..8])
        {
            throw Invalid($"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{Bounded(date)}' != '{authorization.AmzDate[..8]}', from '{authorization.AmzDate}'.");
        }

        if (scopeService != service)
        {
            throw Invalid($"Credential should be scoped to correct service: '{service}'. ");
        }

        // The region names the caller's namespace and goes into every ARN (SPEC.md, "Identity").
        if (!CallerResolver.RegionName().IsMatch(region))
        {
            throw Invalid($"Credential should be scoped to a valid region, not '{Bounded(region)}'. ");
        }

        CheckTime(authorization);

        if (!credentials.TryGetValue(accessKeyId, out var credential))
        {
            throw new AppFlowException(AwsErrorCode.UnrecognizedClientException, UnrecognizedMessage);
        }

        CheckSessionToken(credential, authorization.SessionToken, presigned || authorization.SignedHeaders.Contains("x-amz-security-token"));

        var payloadHash = PayloadHash(request);
        var canonicalHeaders = new KeyValuePair<string, string>[authorization.SignedHeaders.Length];
        for (var i = 0; i < canonicalHeaders.Length; i++)
        {
            var name = authorization.SignedHeaders[i];
            canonicalHeaders[i] = KeyValuePair.Create(name, SigV4.CanonicalHeaderValue(request.Headers[name]));
        }

        // A presigned request's query carries its signature, which the signed query cannot include.
        var canonicalQuery = SigV4.CanonicalQuery(request.Query, presigned ? SignatureParameter : null);
        var canonicalRequest = SigV4.CanonicalRequest(request.Method, SigV4.CanonicalPath(request.Path), canonicalQuery, canonicalHeaders, payloadHash);
        var scopeText = authorization.Credential.AsSpan(accessKeyId.Length + 1).ToString();
        if (!SigV4.SignatureMatches(signingKeys.Get(credential.SecretAccessKey, date, region, service), authorization.AmzDate, scopeText, canonicalRequest, authorization.Signature))
        {
            throw Invalid(MismatchMessage);
        }

        return new SignatureCheck(credential, region);
    }

    /// <summary>
    /// Whether the query carries a signature (a presigned URL, AWS's query-string authentication) rather than
    /// the Authorization header: any of its X-Amz-Algorithm, X-Amz-Credential or X-Amz-Signature parameters.
    /// </summary>
    public static bool IsPresigned(string query)
    {
        if (!query.Contains("X-Amz-", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var (key, _) in SigV4.QueryParameters(query))
        {
            if (key is AlgorithmParameter or CredentialParameter or SignatureParameter)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether a refusal is what a guess at a secret gets: a signature that does not match, or an access key or
    /// session token nobody has. A malformed header, a wrong clock or a changed body are not guesses.
    /// </summary>
    public static bool IsWrongSecret(AppFlowException refusal) =>
        refusal.Code == AwsErrorCode.UnrecognizedClientException
        || (refusal.Code == AwsErrorCode.InvalidSignatureException && refusal.Message == MismatchMessage);

    /// <summary>
    /// The access key a request claims to sign with, read without verifying anything (from the Authorization
    /// header's credential, or a presigned query's); null when it names none.
    /// </summary>
    public static string? ClaimedAccessKey(string authorization, string query)
    {
        string? credential = null;
        if (authorization.StartsWith(SigV4.Algorithm + " ", StringComparison.Ordinal))
        {
            var at = authorization.IndexOf("Credential=", StringComparison.Ordinal);
            credential = at < 0 ? null : authorization[(at + "Credential=".Length)..];
        }
        else if (authorization.Length == 0 && query.Contains(CredentialParameter, StringComparison.Ordinal))
        {
            credential = SigV4.QueryParameters(query).FirstOrDefault(static p => p.Key == CredentialParameter).Value;
        }

        var slash = credential?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        return slash > 0 ? credential![..slash] : null;
    }

    private void CheckTime(ParsedAuthorization authorization)
    {
        var now = time.GetUtcNow();
        var (signed, amzDate) = (authorization.Time, authorization.AmzDate);
        if (authorization.Expires is { } expires)
        {
            // A presigned request is good from its signing time (give or take the clock skew AWS allows)
            // for as long as it says, and no longer.
            if (signed + expires < now)
            {
                throw Invalid($"Signature expired: {amzDate} is now earlier than {SigV4.FormatTime(now - expires)} "
                    + $"({SigV4.FormatTime(now)} - {(long)expires.TotalSeconds} sec.)");
            }
        }
        else if (signed < now - AllowedSkew)
        {
            throw Invalid($"Signature expired: {amzDate} is now earlier than {SigV4.FormatTime(now - AllowedSkew)} ({SigV4.FormatTime(now)} - 5 min.)");
        }

        if (signed > now + AllowedSkew)
        {
            throw Invalid($"Signature not yet current: {amzDate} is still later than {SigV4.FormatTime(now + AllowedSkew)} ({SigV4.FormatTime(now)} + 5 min.)");
        }
    }

    /// <summary>
    /// A session credential is only itself with its token, sent and signed (as botocore and the
    /// JavaScript SDK sign it); a token with a long-term key is a different, unknown credential.
    /// </summary>
    private static void CheckSessionToken(AuthCredential credential, string sent, bool signed)
    {
        if (credential.SessionToken is null)
        {
            if (sent.Length > 0)
            {
                throw new AppFlowException(AwsErrorCode.UnrecognizedClientException, UnrecognizedMessage);
            }

            return;
        }

        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(sent), Encoding.UTF8.GetBytes(credential.SessionToken)))
        {
            throw new AppFlowException(AwsErrorCode.UnrecognizedClientException, UnrecognizedMessage);
        }

        if (!signed)
        {
            throw Incomplete("'X-Amz-Security-Token' must be a 'SignedHeader' in the AWS Authorization.");
        }
    }

    /// <summary>X-Amz-Content-Sha256 when the client sends one (it must be the body's), else the body's hash.</summary>
    private static string PayloadHash(SignedRequest request)
    {
        Span<byte> hash = stackalloc byte[32];
        var actual = request.Body.IsEmpty ? SigV4.EmptyPayloadHash : Convert.ToHexStringLower(hash[..SHA256.HashData(request.Body.Span, hash)]);
        var declared = request.Headers["X-Amz-Content-Sha256"].ToString();
        if (declared.Length > 0 && !string.Equals(declared, actual, StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid("The provided 'x-amz-content-sha256' header does not match what was computed.");
        }

        return declared.Length > 0 ? declared : actual;
    }

    private static ParsedAuthorization Parse(string header, IHeaderDictionary headers)
    {
        if (!header.StartsWith(SigV4.Algorithm + " ", StringComparison.Ordinal))
        {
            throw Incomplete(Requirements(header, credential: false, signature: false, signedHeaders: false, date: HasDate(headers)));
        }

        string? credential = null, signedHeaders = null, signature = null;
        var rest = header.AsSpan(SigV4.Algorithm.Length + 1);
        while (!rest.IsEmpty)
        {
            var comma = rest.IndexOf(',');
            var item = (comma < 0 ? rest : rest[..comma]).Trim();
            rest = comma < 0 ? [] : rest[(comma + 1)..];
            var equals = item.IndexOf('=');
            if (equals < 0)
            {
                throw Incomplete($"'{Bounded(item.ToString())}' not a valid key=value pair (missing equal-sign) in Authorization header: '{Bounded(header)}'.");
            }

            var key = item[..equals];
            if (key.SequenceEqual("Credential"))
            {
                credential = item[(equals + 1)..].ToString();
            }
            else if (key.SequenceEqual("SignedHeaders"))
            {
                signedHeaders = item[(equals + 1)..].ToString();
            }
            else if (key.SequenceEqual("Signature"))
            {
                signature = item[(equals + 1)..].ToString();
            }
        }

        if (credential is null || signedHeaders is null || signature is null || !HasDate(headers))
        {
            throw Incomplete(Requirements(header, credential is not null, signature is not null, signedHeaders is not null, HasDate(headers)));
        }

        var names = signedHeaders.Split(';');
        if (!names.Contains("host"))
        {
            throw Incomplete("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        }

        var (time, amzDate) = RequestTime(headers);
        return new ParsedAuthorization(credential, names, signature, time, amzDate, headers["X-Amz-Security-Token"].ToString(), null);
    }

    /// <summary>
    /// A presigned request's query (AWS's query-string authentication, as botocore's SigV4QueryAuth writes
    /// it): the algorithm, credential, time, lifetime, signed headers and signature, each a parameter.
    /// </summary>
    private static ParsedAuthorization ParseQuery(string query)
    {
        string? algorithm = null, credential = null, amzDate = null, expires = null, signedHeaders = null, signature = null, token = null;
        foreach (var (key, value) in SigV4.QueryParameters(query))
        {
            switch (key)
            {
                case AlgorithmParameter: algorithm = value; break;
                case CredentialParameter: credential = value; break;
                case "X-Amz-Date": amzDate = value; break;
                case "X-Amz-Expires": expires = value; break;
                case "X-Amz-SignedHeaders": signedHeaders = value; break;
                case SignatureParameter: signature = value; break;
                case "X-Amz-Security-Token": token = value; break;
                default: break;
            }
        }

        if (algorithm is null || credential is null || signature is null || amzDate is null || signedHeaders is null || expires is null)
        {
            throw Incomplete("AWS query-string parameters must include 'X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-Date', "
                + "'X-Amz-SignedHeaders', 'X-Amz-Expires'. Re-examine the query-string parameters.");
        }

        if (algorithm != SigV4.Algorithm)
        {
            throw Incomplete($"X-Amz-Algorithm only supports \"{SigV4.Algorithm}\", not '{Bounded(algorithm)}'.");
        }

        if (!long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds < 1 || seconds > MaxExpiresSeconds)
        {
            throw Incomplete($"X-Amz-Expires must be a whole number of seconds from 1 to {MaxExpiresSeconds} (a week), not '{Bounded(expires)}'.");
        }

        var names = signedHeaders.Split(';');
        if (!names.Contains("host"))
        {
            throw Incomplete("'Host' or ':authority' must be a 'SignedHeader' in the AWS query-string parameter X-Amz-SignedHeaders.");
        }

        var time = DateTimeOffset.TryParseExact(amzDate, SigV4.TimeFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            ? parsed
            : throw Incomplete($"X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\", not '{Bounded(amzDate)}'.");
        return new ParsedAuthorization(credential, names, signature, time, amzDate, token ?? "", TimeSpan.FromSeconds(seconds));
    }

    private static bool HasDate(IHeaderDictionary headers) => headers.ContainsKey("X-Amz-Date") || headers.ContainsKey("Date");

    /// <summary>AWS lists everything the header lacks in one message, then quotes the header.</summary>
    private static string Requirements(string header, bool credential, bool signature, bool signedHeaders, bool date)
    {
        var message = new StringBuilder();
        if (!credential)
        {
            message.Append("Authorization header requires 'Credential' parameter. ");
        }

        if (!signature)
        {
            message.Append("Authorization header requires 'Signature' parameter. ");
        }

        if (!signedHeaders)
        {
            message.Append("Authorization header requires 'SignedHeaders' parameter. ");
        }

        if (!date)
        {
            message.Append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
        }

        return message.Append("Authorization=").Append(Bounded(header)).ToString();
    }

    /// <summary>X-Amz-Date (as the SDKs send it), else the HTTP Date header.</summary>
    private static (DateTimeOffset Time, string AmzDate) RequestTime(IHeaderDictionary headers)
    {
        var amzDate = headers["X-Amz-Date"].ToString();
        if (amzDate.Length > 0)
        {
            return DateTimeOffset.TryParseExact(amzDate, SigV4.TimeFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
                ? (parsed, amzDate)
                : throw Incomplete($"X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\", not '{Bounded(amzDate)}'.");
        }

        var date = headers.Date.ToString();
        return DateTimeOffset.TryParseExact(date, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var http)
            ? (http, SigV4.FormatTime(http))
            : throw Incomplete($"Date must be an HTTP date such as 'Sun, 30 Aug 2015 12:36:00 GMT', not '{Bounded(date)}'.");
    }

    private static AppFlowException Incomplete(string message) => new(AwsErrorCode.IncompleteSignatureException, message);

    private static AppFlowException Invalid(string message) => new(AwsErrorCode.InvalidSignatureException, message);

    /// <summary>Header text echoed in a message, bounded: the header is the client's, of any length.</summary>
    private static string Bounded(string text) => text.Length <= 256 ? text : text[..256] + "...";

    /// <param name="SessionToken">As sent: the X-Amz-Security-Token header's, or a presigned query's parameter.</param>
    /// <param name="Expires">A presigned request's lifetime; null for the Authorization header's.</param>
    private sealed record ParsedAuthorization(string Credential, string[] SignedHeaders, string Signature, DateTimeOffset Time, string AmzDate,
        string SessionToken, TimeSpan? Expires);
}
