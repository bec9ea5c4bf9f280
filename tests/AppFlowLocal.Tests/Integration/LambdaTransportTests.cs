using AppFlowLocal.Tests.Infrastructure;

namespace AppFlowLocal.Tests.Integration;

/// <summary>
/// A Lambda endpoint that breaks the HTTP exchange, or redirects it, fails the registration with a
/// ConnectorServerException that says what happened, never a 500, and registers nothing.
/// </summary>
public abstract class LambdaTransportTests(LambdaTransportFixture fixture)
{
    public static TheoryData<string, string, string> CutOffResponses() => new()
    {
        {
            "closed",
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"isSuccess\":",
            "returned a response that was cut off: the Lambda endpoint {0} closed the connection after 13 of the 100 bytes its Content-Length announced"
        },
        {
            "reset",
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"isSuccess\":",
            "returned a response that was cut off: the Lambda endpoint {0} reset the connection after 13 of the 100 bytes its Content-Length announced"
        },
        {
            "bad-chunk",
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nd\r\n{\"isSuccess\":\r\nnot-a-chunk-size\r\n",
            "returned a malformed response: the Lambda endpoint {0} broke the chunked encoding of the payload"
        },
    };

    [Theory]
    [MemberData(nameof(CutOffResponses))]
    public async Task Register_whose_function_response_is_cut_off_is_a_ConnectorServerException_and_registers_nothing(string function, string wire, string problem)
    {
        fixture.Lambda.Answer(function, function == "reset" ? RawReply.Reset(wire) : RawReply.Close(wire));
        var caller = fixture.NewCaller();
        var arn = fixture.StandIn.Arn(function);

        var response = (await caller.RegisterAsync("cut-off", arn)).AssertError("ConnectorServerException", 400);

        Assert.False(string.IsNullOrEmpty(response.RequestId));
        Assert.Contains($"Connector function {arn} {string.Format(System.Globalization.CultureInfo.InvariantCulture, problem, fixture.Lambda.Endpoint)}",
            response.ErrorMessage, StringComparison.Ordinal);
        (await caller.DescribeAsync("cut-off")).AssertError("ResourceNotFoundException", 404);
    }

    [Fact]
    public async Task Register_whose_function_redirects_is_a_ConnectorServerException_and_the_redirect_target_sees_nothing()
    {
        // The target answers a valid configuration: had the server followed the redirect, the register would succeed.
        await using var target = new RawHttpPeer(RawReply.Payload(LambdaStandInHost.Configuration("1.0")));
        var location = new Uri(target.Endpoint, "/2015-03-31/functions/elsewhere/invocations").ToString();
        fixture.Lambda.Answer("redirecting", RawReply.Redirect(307, location));
        var caller = fixture.NewCaller();
        var arn = fixture.StandIn.Arn("redirecting");

        var response = (await caller.RegisterAsync("redirected", arn)).AssertError("ConnectorServerException", 400);

        Assert.False(string.IsNullOrEmpty(response.RequestId));
        Assert.Contains($"Connector function {arn} could not be invoked: HTTP 307 from the Lambda endpoint {fixture.Lambda.Endpoint}, redirecting to {location}.",
            response.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal((0, 0L), (target.Connections, target.ReceivedBytes));
        (await caller.DescribeAsync("redirected")).AssertError("ResourceNotFoundException", 404);
    }

    /// <summary>On SQLite.</summary>
    public sealed class OnSqlite(LambdaTransportFixture fixture) : LambdaTransportTests(fixture), IClassFixture<LambdaTransportFixture>;

    /// <summary>On PostgreSQL.</summary>
    public sealed class OnPostgres(LambdaTransportFixture.OnPostgres fixture) : LambdaTransportTests(fixture), IClassFixture<LambdaTransportFixture.OnPostgres>;
}
