using System.Text;
using System.Text.Json;
using AppFlowLocal.Model;
using AppFlowLocal.Wire;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace AppFlowLocal.Tests.Wire;

/// <summary>The SigV4 verifier against AWS's published test suite (SigV4TestSuite/README.md), and each way a request is refused.</summary>
public sealed class SigV4VerifierTests
{
    private static readonly string Suite = Path.Combine(AppContext.BaseDirectory, "Wire", "SigV4TestSuite");

    public static TheoryData<string> SignedCases() =>
        [.. Directory.GetDirectories(Suite).Select(path => Path.GetFileName(path)!).Where(name => name != "post-sts-header-after").Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(SignedCases))]
    public void A_request_signed_as_the_suite_signs_it_verifies(string name)
    {
        var (verifier, request) = Load(name);

        var check = Verify(verifier, request, name);

        Assert.Equal("AKIDEXAMPLE", check.Credential.AccessKeyId);
        Assert.Equal("us-east-1", check.Region);
    }

    [Fact]
    public void The_signing_key_is_derived_once_per_key_date_and_region()
    {
        var (verifier, request) = Load("get-vanilla");
        var (_, other) = Load("post-vanilla");

        verifier.Verify(request);
        verifier.Verify(request);
        verifier.Verify(other);

        Assert.Equal(1, verifier.CachedSigningKeys);
    }

    [Theory]
    [MemberData(nameof(SignedCases))]
    public void The_same_request_with_one_signature_digit_changed_is_refused(string name)
    {
        var (verifier, request) = Load(name);
        var header = request.Headers.Authorization.ToString();
        request.Headers.Authorization = header[..^1] + (header[^1] == '0' ? '1' : '0');

        var error = Assert.Throws<AppFlowException>(() => verifier.Verify(request));

        Assert.Equal(AwsErrorCode.InvalidSignatureException, error.Code);
        Assert.Equal(SigV4Verifier.MismatchMessage, error.Message);
    }

    [Theory]
    [InlineData("non-ASCII characters whose low byte is the digit")]
    [InlineData("upper-case hex")]
    public void The_right_signature_written_with_other_characters_is_a_mismatch(string spelling)
    {
        var (verifier, request) = Load("get-vanilla");
        var header = request.Headers.Authorization.ToString();
        var signature = header[^64..];
        var respelled = spelling == "upper-case hex"
            ? signature.ToUpperInvariant()
            : new string([.. signature.Select(static c => (char)(0x100 | c))]);
        request.Headers.Authorization = header[..^64] + respelled;

        var error = Assert.Throws<AppFlowException>(() => verifier.Verify(request));

        Assert.Equal(AwsErrorCode.InvalidSignatureException, error.Code);
        Assert.Equal(SigV4Verifier.MismatchMessage, error.Message);
    }

    [Fact]
    public void A_body_other_than_the_signed_one_is_refused()
    {
        var (verifier, request) = Load("post-vanilla");

        var error = Assert.Throws<AppFlowException>(() => verifier.Verify(request with { Body = "{}"u8.ToArray() }));

        Assert.Equal(AwsErrorCode.InvalidSignatureException, error.Code);
    }

    [Fact]
    public void A_content_hash_header_that_is_not_the_bodys_is_refused()
    {
        var (verifier, request) = Load("post-x-www-form-urlencoded");

        var error = Assert.Throws<AppFlowException>(() => verifier.Verify(request with { Body = "Param1=value2"u8.ToArray() }));

        Assert.Equal(AwsErrorCode.InvalidSignatureException, error.Code);
        Assert.Equal("The provided 'x-amz-content-sha256' header does not match what was computed.", error.Message);
    }

    [Fact]
    public void A_session_token_that_is_not_signed_is_refused()
    {
        var (verifier, request) = Load("post-sts-header-after");

        var error = Assert.Throws<AppFlowException>(() => verifier.Verify(request));

        Assert.Equal(AwsErrorCode.IncompleteSignatureException, error.Code);
    }

    [Fact]
    public void A_session_credential_without_its_token_or_with_another_is_unrecognized()
    {
        var (verifier, request) = Load("get-vanilla-with-session-token");
        var other = Copy(request);
        other.Headers["X-Amz-Security-Token"] = "not-the-token";
        var missing = Copy(request);
        missing.Headers.Remove("X-Amz-Security-Token");

        AssertUnrecognized(() => verifier.Verify(other));
        AssertUnrecognized(() => verifier.Verify(missing));
    }

    [Fact]
    public void A_session_token_sent_with_a_long_term_credential_is_unrecognized()
    {
        var (_, request) = Load("get-vanilla-with-session-token");
        var (longTerm, _) = Load("get-vanilla");

        AssertUnrecognized(() => longTerm.Verify(request));
    }

    [Fact]
    public void An_access_key_no_credential_has_is_unrecognized()
    {
        var (_, request) = Load("get-vanilla");
        var verifier = new SigV4Verifier([Credential("AKIDOTHER", "secret", null)], Clock(), "service");

        AssertUnrecognized(() => verifier.Verify(request));
    }

    [Theory]
    [InlineData(301, "Signature expired: 20150830T123600Z is now earlier than 20150830T123601Z (20150830T124101Z - 5 min.)")]
    [InlineData(-360, "Signature not yet current: 20150830T123600Z is still later than 20150830T123500Z (20150830T123000Z + 5 min.)")]
    public void A_signature_more_than_five_minutes_from_the_servers_clock_is_refused_in_AWS_words(int serverClockSeconds, string message)
    {
        var (_, request) = Load("get-vanilla");
        var verifier = Verifier(Context("get-vanilla"), Clock(TimeSpan.FromSeconds(serverClockSeconds)));

        var error = Assert.Throws<AppFlowException>(() => verifier.Verify(request));

        Assert.Equal(AwsErrorCode.InvalidSignatureException, error.Code);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Five_minutes_either_way_is_still_accepted()
    {
        var (_, request) = Load("get-vanilla");

        Verifier(Context("get-vanilla"), Clock(TimeSpan.FromMinutes(5))).Verify(request);
        Verifier(Context("get-vanilla"), Clock(-TimeSpan.FromMinutes(5))).Verify(request);
    }

    [Fact]
    public void A_credential_scoped_to_another_service_is_refused()
    {
        var (_, request) = Load("get-vanilla");
        var verifier = new SigV4Verifier([Credential("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null)], Clock());

        var error = Assert.Throws<AppFlowException>(() => verifier.Verify(request));

        Assert.Equal(AwsErrorCode.InvalidSignatureException, error.Code);
        Assert.Equal("Credential should be scoped to correct service: 'appflow'. ", error.Message);
    }

    [Fact]
    public void A_request_without_authorization_is_missing_its_token()
    {
        var (verifier, request) = Load("get-vanilla");
        request.Headers.Remove("Authorization");

        var error = Assert.Throws<AppFlowException>(() => verifier.Verify(request));

        Assert.Equal(AwsErrorCode.MissingAuthenticationTokenException, error.Code);
        Assert.Equal("Missing Authentication Token", error.Message);
    }

    [Theory]
    [InlineData("Bearer abc", "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization=Bearer abc")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request", "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization=AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request")]
    [InlineData("AWS4-HMAC-SHA256 Credential AKIDEXAMPLE, SignedHeaders=host, Signature=00", "'Credential AKIDEXAMPLE' not a valid key=value pair (missing equal-sign) in Authorization header: 'AWS4-HMAC-SHA256 Credential AKIDEXAMPLE, SignedHeaders=host, Signature=00'.")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1, SignedHeaders=host;x-amz-date, Signature=00", "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'AKIDEXAMPLE/20150830/us-east-1'")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=x-amz-date, Signature=00", "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")]
    public void A_malformed_authorization_header_is_an_incomplete_signature(string header, string message)
    {
        var (verifier, request) = Load("get-vanilla");
        request.Headers.Authorization = header;

        var error = Assert.Throws<AppFlowException>(() => verifier.Verify(request));

        Assert.Equal(AwsErrorCode.IncompleteSignatureException, error.Code);
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("/20150830/", "/20150831/", "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20150831' != '20150830', from '20150830T123600Z'.")]
    [InlineData("/us-east-1/", "/US_EAST/", "Credential should be scoped to a valid region, not 'US_EAST'. ")]
    public void A_scope_with_another_date_or_a_region_that_is_not_one_is_refused(string scoped, string instead, string message)
    {
        var (verifier, request) = Load("get-vanilla");
        request.Headers.Authorization = request.Headers.Authorization.ToString().Replace(scoped, instead, StringComparison.Ordinal);

        var error = Assert.Throws<AppFlowException>(() => verifier.Verify(request));

        Assert.Equal(AwsErrorCode.InvalidSignatureException, error.Code);
        Assert.Equal(message, error.Message);
    }

    private static SignatureCheck Verify(SigV4Verifier verifier, SignedRequest request, string name)
    {
        try
        {
            return verifier.Verify(request);
        }
        catch (AppFlowException e)
        {
            Assert.Fail($"{name}: {e.Code}: {e.Message}\nexpected canonical request:\n{File.ReadAllText(Path.Combine(Suite, name, "canonical-request.txt"))}");
            throw;
        }
    }

    private static void AssertUnrecognized(Action verify)
    {
        var error = Assert.Throws<AppFlowException>(verify);
        Assert.Equal(AwsErrorCode.UnrecognizedClientException, error.Code);
        Assert.Equal("The security token included in the request is invalid.", error.Message);
    }

    private static (SigV4Verifier Verifier, SignedRequest Request) Load(string name) =>
        (Verifier(Context(name), Clock()), Parse(File.ReadAllBytes(Path.Combine(Suite, name, "signed-request.txt"))));

    private static JsonElement Context(string name) => JsonDocument.Parse(File.ReadAllText(Path.Combine(Suite, name, "context.json"))).RootElement;

    private static SigV4Verifier Verifier(JsonElement context, TimeProvider clock)
    {
        var credentials = context.GetProperty("credentials");
        var token = credentials.TryGetProperty("token", out var t) ? t.GetString() : null;
        return new SigV4Verifier(
            [Credential(credentials.GetProperty("access_key_id").GetString()!, credentials.GetProperty("secret_access_key").GetString()!, token)],
            clock, context.GetProperty("service").GetString()!);
    }

    private static AuthCredential Credential(string key, string secret, string? token) =>
        new() { AccessKeyId = key, SecretAccessKey = secret, SessionToken = token, AccountId = "111122223333", UserName = "example" };

    /// <summary>The suite's signing time (2015-08-30T12:36:00Z), moved by <paramref name="offset"/>.</summary>
    private static FakeTimeProvider Clock(TimeSpan offset = default) => new(new DateTimeOffset(2015, 8, 30, 12, 36, 0, TimeSpan.Zero) + offset);

    private static SignedRequest Copy(SignedRequest request)
    {
        var headers = new HeaderDictionary();
        foreach (var (name, values) in request.Headers)
        {
            headers[name] = values;
        }

        return request with { Headers = headers };
    }

    /// <summary>
    /// The suite's HTTP/1.1 text: request line, headers (a repeated name adds a value; an indented
    /// line continues the previous value, folded into one space), a blank line, the body.
    /// </summary>
    private static SignedRequest Parse(byte[] text)
    {
        var content = Encoding.UTF8.GetString(text);
        var blank = content.IndexOf("\n\n", StringComparison.Ordinal);
        var head = blank < 0 ? content : content[..blank];
        var body = blank < 0 ? "" : content[(blank + 2)..];
        var lines = head.Split('\n');
        var requestLine = lines[0].Split(' ');
        var target = string.Join(' ', requestLine[1..^1]);
        var question = target.IndexOf('?', StringComparison.Ordinal);

        var headers = new HeaderDictionary();
        string? last = null;
        foreach (var line in lines[1..])
        {
            if (line.Length > 0 && char.IsWhiteSpace(line[0]) && last is not null)
            {
                var values = headers[last].ToArray();
                values[^1] += " " + line.Trim();
                headers[last] = values;
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            last = line[..colon];
            headers[last] = Microsoft.Extensions.Primitives.StringValues.Concat(headers[last], line[(colon + 1)..]);
        }

        return new SignedRequest(requestLine[0], question < 0 ? target : target[..question], question < 0 ? "" : target[question..],
            headers, Encoding.UTF8.GetBytes(body));
    }
}
