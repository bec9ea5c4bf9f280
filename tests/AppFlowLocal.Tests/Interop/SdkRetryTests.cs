using AppFlowLocal.Tests.Infrastructure;

namespace AppFlowLocal.Tests.Interop;

/// <summary>
/// A register that is sent again, by the caller with its own clientToken or by the SDK's retry
/// with the token the SDK filled in, ends in one registration with one ARN.
/// </summary>
public abstract class SdkRetryTests(InteropFixture fixture)
{
    public static TheoryData<string> Clients => SdkClients.All;

    [Theory]
    [MemberData(nameof(Clients))]
    public async Task A_register_repeated_with_one_clientToken_returns_the_same_arn_and_invokes_the_function_once(string client)
    {
        var caller = fixture.NewCaller();
        var function = fixture.StandIn.NewFunction(LambdaStandInHost.Configuration("1.0"));
        var arn = fixture.StandIn.Arn(function);
        var output = await SdkClients.RunAsync(fixture, client, caller.Account, "calls", new Dictionary<string, string>
        {
            ["CALLS"] = SdkCall.ToJson(
            [
                SdkCall.Register("first", "repeated", arn, description: "same", clientToken: "caller-token"),
                SdkCall.Register("again", "repeated", arn, description: "same", clientToken: "caller-token"),
            ]),
        });

        Assert.Equal(caller.ConnectorArn("repeated"), output.Call("first").AssertResponse("first register").Text("connectorArn"));
        Assert.Equal(caller.ConnectorArn("repeated"), output.Call("again").AssertResponse("repeated register").Text("connectorArn"));
        Assert.Equal(1, fixture.StandIn.Invocations(function));
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public async Task The_SDK_retries_a_throttled_register_with_its_own_clientToken_and_gets_the_arn(string client)
    {
        var caller = fixture.NewCaller();
        var function = fixture.StandIn.NewFunctionThrottledOnce(LambdaStandInHost.Configuration("1.0"));
        var output = await SdkClients.RunAsync(fixture, client, caller.Account, "sdk-retry", new Dictionary<string, string>
        {
            ["LABEL"] = "retried-by-sdk",
            ["LAMBDA_ARN"] = fixture.StandIn.Arn(function),
        });

        var response = output.GetProperty("register").AssertResponse("register with retries on");
        Assert.Equal(caller.ConnectorArn("retried-by-sdk"), response.Text("connectorArn"));

        // Two attempts on the wire, both carrying the one token the SDK generated for the call.
        var tokens = output.Strings("sentTokens");
        Assert.Equal(2, tokens.Count);
        Assert.False(string.IsNullOrEmpty(tokens[0]));
        Assert.Equal(tokens[0], tokens[1]);
        var metadata = response.GetProperty("$metadata");
        Assert.Equal(2, metadata.TryGetProperty("retryAttempts", out var retries) ? retries.GetInt32() + 1 : metadata.GetProperty("attempts").GetInt32());

        // The throttled attempt was not remembered; the successful one is: sending its token again replays it.
        Assert.Equal(caller.ConnectorArn("retried-by-sdk"), output.GetProperty("replay").AssertResponse("replay").Text("connectorArn"));
        Assert.Equal(2, fixture.StandIn.Invocations(function));
    }

    /// <summary>On SQLite.</summary>
    public sealed class OnSqlite(InteropFixture fixture) : SdkRetryTests(fixture), IClassFixture<InteropFixture>;

    /// <summary>On PostgreSQL.</summary>
    public sealed class OnPostgres(InteropFixture.OnPostgres fixture) : SdkRetryTests(fixture), IClassFixture<InteropFixture.OnPostgres>;
}
