using System.Text;
using AppFlowLocal.Connectors;
using AppFlowLocal.Tests.Infrastructure;
using AppFlowLocal.Wire;
using static AppFlowLocal.Tests.Auth.SigV4Callers;

namespace AppFlowLocal.Tests.Auth;

/// <summary>The real server in sigv4 mode: who gets in, as whom, and the 403 AWS gives everyone else.</summary>
public sealed class SigV4AuthenticationTests(SigV4ServerFixture fixture) : IClassFixture<SigV4ServerFixture>
{
    private string Function => fixture.StandIn.Arn(LambdaStandInHost.Functions.SamplePython);

    [Fact]
    public async Task An_inline_credential_acts_in_its_account_in_the_scopes_region_as_its_user()
    {
        var alice = fixture.Signing(Alice, AliceAccount, "eu-west-1");

        var registered = (await alice.RegisterAsync("alice-connector", Function)).AssertOk();
        var described = (await alice.DescribeAsync("alice-connector")).AssertOk();

        Assert.Equal("arn:aws:appflow:eu-west-1:111111111111:connector/alice-connector", registered.Json.GetProperty("connectorArn").GetString());
        Assert.Equal("arn:aws:iam::111111111111:user/alice",
            described.Json.GetProperty("connectorConfiguration").GetProperty("registeredBy").GetString());
    }

    [Fact]
    public async Task A_credential_from_the_credentials_file_acts_as_its_user()
    {
        var carol = fixture.Signing(Carol, CarolAccount);

        (await carol.RegisterAsync("carol-connector", Function)).AssertOk();
        var described = (await carol.DescribeAsync("carol-connector")).AssertOk();

        Assert.Equal("arn:aws:iam::333333333333:user/carol",
            described.Json.GetProperty("connectorConfiguration").GetProperty("registeredBy").GetString());
    }

    [Fact]
    public async Task A_session_credential_is_accepted_with_its_token_and_unrecognized_with_another()
    {
        (await fixture.Signing(Bob, BobAccount).RegisterAsync("bob-connector", Function)).AssertOk();

        var wrongToken = await fixture.Signing(Bob with { SessionToken = "some-other-token" }, BobAccount).DescribeAsync("bob-connector");
        var noToken = await fixture.Signing(Bob with { SessionToken = null }, BobAccount).DescribeAsync("bob-connector");

        AssertRefused(wrongToken, "UnrecognizedClientException", "The security token included in the request is invalid.");
        AssertRefused(noToken, "UnrecognizedClientException", "The security token included in the request is invalid.");
    }

    [Fact]
    public async Task A_request_without_authorization_is_missing_its_token()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/list-connectors") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        using var response = await fixture.Client.SendAsync(request);

        AssertRefused(new AwsResponse(response.StatusCode, await response.Content.ReadAsStringAsync(), response),
            "MissingAuthenticationTokenException", "Missing Authentication Token");
    }

    [Fact]
    public async Task The_header_open_mode_accepts_is_not_enough()
    {
        // What open mode accepts: a credential scope and a made-up signature, with no request time.
        var response = await new AppFlowCaller(fixture.Client, Alice.AccessKeyId).DescribeAsync("alice-connector");

        AssertRefused(response, "IncompleteSignatureException", "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
            + "Authorization=AWS4-HMAC-SHA256 Credential=AKIAALICEEXAMPLE/20261123/us-east-1/appflow/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000");
    }

    [Fact]
    public async Task A_wrong_secret_is_an_invalid_signature_and_an_unknown_key_is_unrecognized()
    {
        var wrongSecret = await fixture.Signing(Alice with { SecretAccessKey = "not-alices-secret" }, AliceAccount).DescribeAsync("x");
        var unknownKey = await fixture.Signing(new AwsCredentials("AKIANOBODYEXAMPLE", "whatever", null), AliceAccount).DescribeAsync("x");

        AssertRefused(wrongSecret, "InvalidSignatureException", "The request signature we calculated does not match the signature you provided. "
            + "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");
        AssertRefused(unknownKey, "UnrecognizedClientException", "The security token included in the request is invalid.");
    }

    [Fact]
    public async Task A_clock_more_than_five_minutes_off_either_way_is_refused_with_AWS_words()
    {
        var behind = await fixture.Signing(Alice, AliceAccount, clockSkew: TimeSpan.FromMinutes(-10)).DescribeAsync("x");
        var ahead = await fixture.Signing(Alice, AliceAccount, clockSkew: TimeSpan.FromMinutes(10)).DescribeAsync("x");

        behind.AssertError("InvalidSignatureException", 403);
        Assert.Matches(@"^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$", behind.ErrorMessage);
        ahead.AssertError("InvalidSignatureException", 403);
        Assert.Matches(@"^Signature not yet current: \d{8}T\d{6}Z is still later than \d{8}T\d{6}Z \(\d{8}T\d{6}Z \+ 5 min\.\)$", ahead.ErrorMessage);
    }

    [Fact]
    public async Task A_scope_for_another_service_or_a_region_that_is_not_one_is_refused()
    {
        var otherService = await SendSignedAsync(Alice, "eu-west-1", "lambda");
        var notRegion = await SendSignedAsync(Alice, "EU_WEST", "appflow");

        AssertRefused(otherService, "InvalidSignatureException", "Credential should be scoped to correct service: 'appflow'. ");
        AssertRefused(notRegion, "InvalidSignatureException", "Credential should be scoped to a valid region, not 'EU_WEST'. ");
    }

    [Fact]
    public async Task A_malformed_authorization_header_is_an_incomplete_signature()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/list-connectors") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAALICEEXAMPLE/20261123/us-east-1/appflow/aws4_request");
        using var response = await fixture.Client.SendAsync(request);

        AssertRefused(new AwsResponse(response.StatusCode, await response.Content.ReadAsStringAsync(), response), "IncompleteSignatureException",
            "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. "
            + "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
            + "Authorization=AWS4-HMAC-SHA256 Credential=AKIAALICEEXAMPLE/20261123/us-east-1/appflow/aws4_request");
    }

    [Fact]
    public async Task No_secret_or_session_token_reaches_the_servers_output()
    {
        // Requests that succeed and every kind of refusal, each logged by the server.
        (await fixture.Signing(Alice, AliceAccount).DescribeAsync("nothing-here")).AssertError("ResourceNotFoundException", 404);
        await fixture.Signing(Bob, BobAccount).DescribeAsync("nothing-here");
        await fixture.Signing(Bob with { SessionToken = "x" }, BobAccount).DescribeAsync("nothing-here");
        await fixture.Signing(Alice with { SecretAccessKey = "wrong" }, AliceAccount).DescribeAsync("nothing-here");
        await fixture.Signing(Carol, CarolAccount, clockSkew: TimeSpan.FromHours(1)).DescribeAsync("nothing-here");

        var output = fixture.Server.Output;
        Assert.Contains("InvalidSignatureException", output, StringComparison.Ordinal);
        foreach (var secret in Secrets)
        {
            Assert.DoesNotContain(secret, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_right_signature_spelt_in_non_ASCII_characters_whose_low_bytes_are_its_digits_is_a_mismatch()
    {
        // Kestrel reads header values as UTF-8: the characters arrive whole, as a client sent them.
        using var client = new HttpClient(new SocketsHttpHandler { RequestHeaderEncodingSelector = static (_, _) => Encoding.UTF8 })
        {
            BaseAddress = fixture.Client.BaseAddress,
        };
        async Task<AwsResponse> SendAsync(Func<string, string> signature)
        {
            var body = "{}"u8.ToArray();
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(client.BaseAddress!, "/list-connectors")) { Content = new ByteArrayContent(body) };
            SigV4Signer.Sign(request, body, Alice, "us-east-1", "appflow", DateTimeOffset.UtcNow);
            var header = request.Headers.GetValues("Authorization").Single();
            request.Headers.Remove("Authorization");
            request.Headers.TryAddWithoutValidation("Authorization", header[..^64] + signature(header[^64..]));
            using var response = await client.SendAsync(request);
            return new AwsResponse(response.StatusCode, await response.Content.ReadAsStringAsync(), response);
        }

        var asSigned = await SendAsync(static hex => hex);
        var respelled = await SendAsync(static hex => new string([.. hex.Select(static c => (char)(0x100 | c))]));

        asSigned.AssertOk();
        AssertRefused(respelled, "InvalidSignatureException", SigV4Verifier.MismatchMessage);
    }

    [Fact]
    public async Task A_url_presigned_by_botocore_acts_as_its_signer_with_a_session_token_too()
    {
        var history = new Uri(fixture.Client.BaseAddress!, "/_appflow-local/connectors/never-registered/history");
        var alices = await BotocorePresigner.PresignAsync(history, Alice, "eu-west-1", method: "GET");
        var bobs = await BotocorePresigner.PresignAsync(history, Bob, method: "GET");
        var list = await BotocorePresigner.PresignAsync(new Uri(fixture.Client.BaseAddress!, "/list-connectors"), Alice);

        var alice = (await SendAsync(alices, HttpMethod.Get)).AssertError("ResourceNotFoundException", 404);
        var bob = (await SendAsync(bobs, HttpMethod.Get)).AssertError("ResourceNotFoundException", 404);
        (await SendAsync(list)).AssertOk();

        Assert.EndsWith($"in account {AliceAccount} and region eu-west-1.", alice.ErrorMessage, StringComparison.Ordinal);
        Assert.EndsWith($"in account {BobAccount} and region us-east-1.", bob.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_presigned_url_past_its_expiry_or_changed_after_signing_is_refused()
    {
        var target = new Uri(fixture.Client.BaseAddress!, "/list-connectors");
        var expired = await BotocorePresigner.PresignAsync(target, Alice, expiresSeconds: 60, age: TimeSpan.FromMinutes(10));
        var signed = await BotocorePresigner.PresignAsync(target, Alice, expiresSeconds: 60);
        var longer = new Uri(signed.ToString().Replace("X-Amz-Expires=60", "X-Amz-Expires=3600", StringComparison.Ordinal));
        var otherPath = new Uri(signed.ToString().Replace("/list-connectors", "/describe-connectors", StringComparison.Ordinal));
        var forAWeekAndASecond = await BotocorePresigner.PresignAsync(target, Alice, expiresSeconds: 604_801);

        var late = (await SendAsync(expired)).AssertError("InvalidSignatureException", 403);
        Assert.Matches(@"^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 60 sec\.\)$", late.ErrorMessage);
        AssertRefused(await SendAsync(longer), "InvalidSignatureException", SigV4Verifier.MismatchMessage);
        AssertRefused(await SendAsync(otherPath), "InvalidSignatureException", SigV4Verifier.MismatchMessage);
        AssertRefused(await SendAsync(forAWeekAndASecond), "IncompleteSignatureException",
            "X-Amz-Expires must be a whole number of seconds from 1 to 604800 (a week), not '604801'.");
        (await SendAsync(signed)).AssertOk();
    }

    [Fact]
    public async Task A_presigned_url_without_all_its_parameters_says_which_it_needs()
    {
        var signed = await BotocorePresigner.PresignAsync(new Uri(fixture.Client.BaseAddress!, "/list-connectors"), Alice);
        var withoutDate = new Uri(System.Text.RegularExpressions.Regex.Replace(signed.ToString(), "X-Amz-Date=[^&]*&", ""));

        AssertRefused(await SendAsync(withoutDate), "IncompleteSignatureException",
            "AWS query-string parameters must include 'X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-Date', "
            + "'X-Amz-SignedHeaders', 'X-Amz-Expires'. Re-examine the query-string parameters.");
    }

    private async Task<AwsResponse> SendAsync(Uri presigned, HttpMethod? method = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Post, presigned);
        using var response = await fixture.Client.SendAsync(request);
        return new AwsResponse(response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    /// <summary>Signs a ListConnectors request for any region and service, which no SDK client would do for AppFlow.</summary>
    private async Task<AwsResponse> SendSignedAsync(AwsCredentials credentials, string region, string service)
    {
        var body = "{}"u8.ToArray();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(fixture.Client.BaseAddress!, "/list-connectors")) { Content = new ByteArrayContent(body) };
        SigV4Signer.Sign(request, body, credentials, region, service, DateTimeOffset.UtcNow);
        using var response = await fixture.Client.SendAsync(request);
        return new AwsResponse(response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    private static void AssertRefused(AwsResponse response, string code, string message)
    {
        response.AssertError(code, 403);
        Assert.Equal(message, response.ErrorMessage);
        Assert.False(string.IsNullOrEmpty(response.RequestId), "Every answer carries a request id.");
    }

    [Fact]
    public async Task GetSecretValue_serves_a_profile_s_secret_to_a_signed_caller_of_its_account_only()
    {
        const string password = "sigv4-pa55";
        var alice = fixture.Signing(Alice, AliceAccount);
        var function = fixture.StandIn.NewFunction("""
            {"isSuccess":true,"connectorOwner":"Tests","connectorName":"BasicOnly","connectorVersion":"1","connectorModes":["SOURCE"],
             "authenticationConfig":{"isBasicAuthSupported":true}}
            """);
        (await alice.RegisterAsync("basic", fixture.StandIn.Arn(function))).AssertOk();
        fixture.StandIn.Define(function, """{"isSuccess":true}""");
        (await alice.PostAsync("/create-connector-profile", Json.Object(
            ("connectorProfileName", "p"), ("connectorType", "CustomConnector"), ("connectorLabel", "basic"), ("connectionMode", "Public"),
            ("connectorProfileConfig", new Dictionary<string, object>
            {
                ["connectorProfileProperties"] = new Dictionary<string, object> { ["CustomConnector"] = new { } },
                ["connectorProfileCredentials"] = new Dictionary<string, object>
                {
                    ["CustomConnector"] = new { authenticationType = "BASIC", basic = new { username = "ada", password } },
                },
            })))).AssertOk();
        var secretArn = (await alice.PostAsync("/describe-connector-profiles", "{}")).AssertOk()
            .Json.GetProperty("connectorProfileDetails")[0].GetProperty("credentialsArn").GetString()!;

        var read = (await alice.GetSecretValueAsync(secretArn)).AssertOk();
        Assert.Contains(password, read.Json.GetProperty("SecretString").GetString()!, StringComparison.Ordinal);

        var otherAccount = (await fixture.Signing(Carol, CarolAccount).GetSecretValueAsync(secretArn)).AssertError("ResourceNotFoundException", 400);
        Assert.DoesNotContain(password, otherAccount.Body, StringComparison.Ordinal);

        using var unsigned = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent(Json.Object(("SecretId", secretArn))) };
        unsigned.Headers.Add("X-Amz-Target", "secretsmanager.GetSecretValue");
        using var refused = await fixture.Client.SendAsync(unsigned);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.DoesNotContain(password, await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
