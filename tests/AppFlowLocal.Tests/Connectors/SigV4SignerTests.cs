using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using AppFlowLocal.Connectors;

namespace AppFlowLocal.Tests.Connectors;

public sealed class SigV4SignerTests
{
    private static readonly DateTimeOffset SigningTime = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly byte[] Event = """{"type":"DescribeConnectorConfigurationRequest","locale":"en-US"}"""u8.ToArray();
    private static readonly AwsCredentials LongTerm = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null);
    private static readonly AwsCredentials Temporary = new("ASIAEXAMPLE", "secret/with+symbols=", "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD+token==");

    private sealed record Case(string Name, string Url, AwsCredentials Credentials, string Region, bool ContentSha256 = false, string? ExtraHeader = null);

    private static readonly Case[] Cases =
    [
        new("ARN in the path, default https port", $"https://lambda.us-east-1.amazonaws.com{Path("arn:aws:lambda:us-east-1:123456789012:function:python-sdk-connector")}", LongTerm, "us-east-1"),
        new("session token, loopback with a port", $"http://127.0.0.1:4568{Path("arn:aws:lambda:eu-west-1:123456789012:function:java-sdk-connector")}", Temporary, "eu-west-1"),
        new("qualifier $LATEST in the ARN", $"http://localhost:4568{Path("arn:aws:lambda:us-west-2:123456789012:function:f:$LATEST")}", LongTerm, "us-west-2"),
        new("x-amz-content-sha256 header", $"https://lambda.ap-southeast-2.amazonaws.com{Path("arn:aws:lambda:ap-southeast-2:123456789012:function:f")}", Temporary, "ap-southeast-2", ContentSha256: true),
        new("query string", "https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/f/invocations?Qualifier=live&b=2&a=1", LongTerm, "us-east-1"),
        new("header value with runs of spaces", "https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/plain-name/invocations", LongTerm, "us-east-1", ExtraHeader: "  two   spaced    words "),
    ];

    [Fact]
    public async Task Authorization_header_is_identical_to_botocore_SigV4Auth()
    {
        var ours = Cases.Select(Sign).ToList();
        var theirs = await Botocore.SignAsync([.. Cases.Select(c => new Botocore.SigningCase(
            c.Url, InputHeaders(c), Event, c.Credentials.AccessKeyId, c.Credentials.SecretAccessKey, c.Credentials.SessionToken,
            c.Region, "20250102T030405Z"))]);

        for (var i = 0; i < Cases.Length; i++)
        {
            var request = ours[i];
            var authorization = request.Headers.GetValues("Authorization").Single();
            Assert.True(theirs[i].Authorization == authorization,
                $"{Cases[i].Name}:\n ours:     {authorization}\n botocore: {theirs[i].Authorization}\n" +
                $"our canonical request:\n{SigV4Signer.CanonicalRequest("POST", request.RequestUri!, SigV4Signer.SignableHeaders(request), Hash(Event))}\n" +
                $"botocore's canonical request:\n{theirs[i].CanonicalRequest}");
        }
    }

    [Fact]
    public void Path_is_encoded_once_more_for_the_canonical_request()
    {
        Assert.Equal(
            "/2015-03-31/functions/arn%253Aaws%253Alambda%253Aus-east-1%253A123456789012%253Afunction%253Ax%253A%2524LATEST/invocations",
            SigV4Signer.CanonicalPath(Path("arn:aws:lambda:us-east-1:123456789012:function:x:$LATEST")));
    }

    [Fact]
    public void Signing_adds_date_token_and_scope_for_the_service_and_region()
    {
        var request = Sign(Cases[1]);

        Assert.Equal("20250102T030405Z", request.Headers.GetValues("X-Amz-Date").Single());
        Assert.Equal(Temporary.SessionToken, request.Headers.GetValues("X-Amz-Security-Token").Single());
        var authorization = request.Headers.GetValues("Authorization").Single();
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE/20250102/eu-west-1/lambda/aws4_request, SignedHeaders=", authorization, StringComparison.Ordinal);
        Assert.Equal(["content-type", "host", "x-amz-date", "x-amz-invocation-type", "x-amz-security-token"], Botocore.SignedHeaders(authorization));
    }

    [Fact]
    public void Signing_again_replaces_the_previous_signature()
    {
        var request = Sign(Cases[0]);
        SigV4Signer.Sign(request, Event, LongTerm, "us-east-1", "lambda", SigningTime.AddMinutes(1));

        Assert.Single(request.Headers.GetValues("Authorization"));
        Assert.Equal("20250102T030505Z", request.Headers.GetValues("X-Amz-Date").Single());
    }

    [Fact]
    public void Each_secret_day_and_region_signs_with_its_own_key()
    {
        // Signing keys are kept between calls: each of these must still sign with the key derived for it.
        var other = LongTerm with { SecretAccessKey = "anotherSecretKeyOfTheSameLength/EXAMPLEKEY" };
        (AwsCredentials Credentials, DateTimeOffset At, string Region)[] signings =
        [
            (LongTerm, SigningTime, "us-east-1"), (other, SigningTime, "us-east-1"), (LongTerm, SigningTime.AddDays(1), "us-east-1"),
            (LongTerm, SigningTime, "eu-west-1"), (LongTerm, SigningTime, "us-east-1"),
        ];

        foreach (var (credentials, at, region) in signings)
        {
            var request = Sign(Cases[0] with { Credentials = credentials, Region = region }, at);
            var amzDate = at.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
            var scope = $"{amzDate[..8]}/{region}/lambda/aws4_request";
            var canonical = SigV4Signer.CanonicalRequest("POST", request.RequestUri!, SigV4Signer.SignableHeaders(request), Hash(Event));
            var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
            var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + credentials.SecretAccessKey), Encoding.UTF8.GetBytes(amzDate[..8]));
            foreach (var part in new[] { region, "lambda", "aws4_request" })
            {
                key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
            }

            var expected = Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
            Assert.EndsWith($"Signature={expected}", request.Headers.GetValues("Authorization").Single(), StringComparison.Ordinal);
        }
    }

    private static HttpRequestMessage Sign(Case signing) => Sign(signing, SigningTime);

    private static HttpRequestMessage Sign(Case signing, DateTimeOffset at)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(signing.Url));
        foreach (var (name, value) in InputHeaders(signing).Where(h => !h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)
            && !h.Key.Equals("X-Amz-Content-SHA256", StringComparison.OrdinalIgnoreCase)))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        request.Content = new ByteArrayContent(Event);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        SigV4Signer.Sign(request, Event, signing.Credentials, signing.Region, "lambda", at, signing.ContentSha256);
        return request;
    }

    /// <summary>The headers on the request before signing (botocore adds host, x-amz-date and the token itself).</summary>
    private static Dictionary<string, string> InputHeaders(Case signing)
    {
        var headers = new Dictionary<string, string>
        {
            ["X-Amz-Invocation-Type"] = "RequestResponse",
            ["Content-Type"] = "application/json",
        };
        if (signing.ContentSha256)
        {
            headers["X-Amz-Content-SHA256"] = Hash(Event);
        }

        if (signing.ExtraHeader is { } extra)
        {
            headers["X-Amz-Client-Context"] = extra;
        }

        return headers;
    }

    private static string Path(string functionArn) =>
        string.Create(CultureInfo.InvariantCulture, $"/2015-03-31/functions/{Uri.EscapeDataString(functionArn)}/invocations");

    private static string Hash(byte[] body) => Convert.ToHexStringLower(SHA256.HashData(body));
}
