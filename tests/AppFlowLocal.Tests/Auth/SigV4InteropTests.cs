using System.Text.Json;
using AppFlowLocal.Connectors;
using AppFlowLocal.Tests.Infrastructure;
using AppFlowLocal.Tests.Interop;
using static AppFlowLocal.Tests.Auth.SigV4Callers;

namespace AppFlowLocal.Tests.Auth;

/// <summary>The aws CLI, boto3 and the JavaScript SDK against a server in sigv4 mode: signed right they get in, else AWS's 403s.</summary>
public sealed class SigV4InteropTests(SigV4InteropFixture fixture) : IClassFixture<SigV4InteropFixture>
{
    public static TheoryData<string, string, string, string> Refusals()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var client in SdkClients.All)
        {
            data.Add(client, "wrong secret", "InvalidSignatureException", "The request signature we calculated does not match the signature you provided.");
            data.Add(client, "unknown key", "UnrecognizedClientException", "The security token included in the request is invalid.");
            data.Add(client, "wrong session token", "UnrecognizedClientException", "The security token included in the request is invalid.");
            data.Add(client, "clock 15 minutes slow", "InvalidSignatureException", "Signature expired: ");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SdkClients.All), MemberType = typeof(SdkClients))]
    public async Task Long_term_and_session_credentials_sign_requests_the_server_accepts(string client)
    {
        var label = $"signed-{client}";
        var alice = await RunCallsAsync(client, SigV4InteropFixture.Environment(Alice),
            SdkCall.Register("register", label, fixture.StandIn.Arn(LambdaStandInHost.Functions.SamplePython)),
            SdkCall.Describe("describe", label));
        var bob = await RunCallsAsync(client, SigV4InteropFixture.Environment(Bob),
            SdkCall.Register("register", label, fixture.StandIn.Arn(LambdaStandInHost.Functions.SamplePython)),
            SdkCall.Describe("describe", label));

        Assert.Equal($"arn:aws:appflow:us-east-1:{AliceAccount}:connector/{label}", Response(alice, "register").GetProperty("connectorArn").GetString());
        Assert.Equal("arn:aws:iam::111111111111:user/alice", Response(alice, "describe").GetProperty("connectorConfiguration").GetProperty("registeredBy").GetString());
        Assert.Equal("arn:aws:iam::222222222222:user/bob", Response(bob, "describe").GetProperty("connectorConfiguration").GetProperty("registeredBy").GetString());
    }

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_request_signed_wrong_is_refused_with_the_exception_AWS_would_raise(string client, string mistake, string code, string message)
    {
        var environment = mistake switch
        {
            "wrong secret" => SigV4InteropFixture.Environment(Alice with { SecretAccessKey = "not-alices-secret" }),
            "unknown key" => SigV4InteropFixture.Environment(new AwsCredentials("AKIANOBODYEXAMPLE", "nobodys-secret", null)),
            "wrong session token" => SigV4InteropFixture.Environment(Bob with { SessionToken = "not-bobs-token" }),
            _ => SigV4InteropFixture.Environment(Alice, client == SdkClients.Boto3 ? ("SIGNING_CLOCK_SKEW_SECONDS", "-900") : ("CLOCK_SKEW_SECONDS", "-900")),
        };

        var outcome = await RunCallsAsync(client, environment, SdkCall.Describe("describe", "anything"));

        var error = Error(outcome, "describe");
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Equal(403, error.GetProperty("httpStatus").GetInt32());
        Assert.StartsWith(message, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(error.GetProperty("requestId").GetString()), "The request id reaches the client.");
    }

    [Fact]
    public async Task The_JavaScript_SDK_corrects_a_wrong_clock_from_the_servers_Date_and_succeeds_on_retry()
    {
        var outcome = await RunCallsAsync(SdkClients.JavaScript,
            SigV4InteropFixture.Environment(Alice, ("CLOCK_SKEW_SECONDS", "-900"), ("SDK_RETRIES", "default")),
            new SdkCall("list", "ListConnectors", []));

        var metadata = Response(outcome, "list").GetProperty("$metadata");
        Assert.Equal(200, metadata.GetProperty("httpStatus").GetInt32());
        Assert.Equal(2, metadata.GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task The_aws_CLI_signs_in_and_a_wrong_secret_is_an_invalid_signature()
    {
        var signed = await AwsCli.AppFlowAsync(fixture, SigV4InteropFixture.Environment(Bob), "list-connectors");
        var wrong = await AwsCli.AppFlowAsync(fixture, SigV4InteropFixture.Environment(Alice with { SecretAccessKey = "not-alices-secret" }), "list-connectors");

        Assert.Equal(JsonValueKind.Array, signed.AssertOutput("session credential").GetProperty("connectors").ValueKind);
        Assert.StartsWith("The request signature we calculated does not match", wrong.AssertError("InvalidSignatureException", "ListConnectors", "wrong secret"),
            StringComparison.Ordinal);
    }

    private Task<JsonElement> RunCallsAsync(string client, Dictionary<string, string> environment, params SdkCall[] calls)
    {
        environment["CALLS"] = SdkCall.ToJson(calls);
        return SdkClients.RunAsync(fixture, client, environment["AWS_ACCESS_KEY_ID"], "calls", environment);
    }

    private static JsonElement Outcome(JsonElement run, string name) =>
        run.GetProperty("calls").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    private static JsonElement Response(JsonElement run, string name)
    {
        var outcome = Outcome(run, name);
        Assert.True(outcome.TryGetProperty("response", out var response), $"{name}: expected a response, got {outcome}");
        return response;
    }

    private static JsonElement Error(JsonElement run, string name)
    {
        var outcome = Outcome(run, name);
        Assert.True(outcome.TryGetProperty("error", out var error), $"{name}: expected an error, got {outcome}");
        return error;
    }
}
