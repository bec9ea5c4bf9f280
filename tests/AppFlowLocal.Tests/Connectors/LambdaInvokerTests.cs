using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using AppFlowLocal.Connectors;
using AppFlowLocal.Model;
using AppFlowLocal.Tests.Infrastructure;
using LambdaStandIn;

namespace AppFlowLocal.Tests.Connectors;

/// <summary>LambdaInvoker against the Lambda stand-in over real HTTP: what is sent, and how every answer is mapped.</summary>
public sealed class LambdaInvokerTests(StandInFixture standIn) : IClassFixture<StandInFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory]
    [InlineData(BuiltInFunctions.PythonSdk, "PythonSampleConnector")]
    [InlineData(BuiltInFunctions.JavaSdk, "JavaSampleConnector")]
    public async Task Function_answering_a_configuration_is_described(string function, string connectorName)
    {
        var configuration = await standIn.Invoker().DescribeConnectorConfigurationAsync(StandInFixture.Arn(function), None);

        Assert.Equal(connectorName, configuration.ConnectorName);
        Assert.True(configuration.CanUseAsSource);
    }

    [Fact]
    public async Task Function_is_invoked_once_with_the_describe_event_signed_for_lambda_in_its_region()
    {
        var name = standIn.NewName("signed");
        standIn.Functions.SetPayload(name, BuiltInFunctions.PythonSdkPayload);
        var arn = StandInFixture.Arn(name, "eu-west-1");

        await standIn.Invoker(sessionToken: "session-token").DescribeConnectorConfigurationAsync(arn, None);

        var activity = standIn.Functions.Activity(name)!;
        Assert.Equal(1, activity.Invocations);
        var invocation = activity.LastInvocation!;
        Assert.Equal("POST", invocation.Method);
        Assert.Equal($"/2015-03-31/functions/{Uri.EscapeDataString(arn)}/invocations", invocation.RawTarget);
        Assert.Equal("""{"type":"DescribeConnectorConfigurationRequest","locale":"en-US"}""", invocation.Body);
        Assert.Equal("RequestResponse", invocation.Headers["X-Amz-Invocation-Type"]);
        Assert.Equal("application/json", invocation.Headers["Content-Type"]);
        Assert.Equal("session-token", invocation.Headers["X-Amz-Security-Token"]);
        Assert.Matches(@"^\d{8}/eu-west-1/lambda/aws4_request$", invocation.CredentialScope);
    }

    [Fact]
    public async Task Request_as_it_arrives_carries_the_signature_botocore_computes_for_it()
    {
        var name = standIn.NewName("botocore");
        standIn.Functions.SetPayload(name, BuiltInFunctions.JavaSdkPayload);
        var arn = StandInFixture.Arn(name, "ap-northeast-1") + ":$LATEST";

        await standIn.Invoker(sessionToken: "token/with+symbols=").DescribeConnectorConfigurationAsync(arn, None);

        // botocore re-signs what the server received (path, host, body, headers we signed): equal
        // signatures mean the percent-encoded ARN and the host survived HttpClient unchanged.
        var invocation = standIn.Functions.Activity(name)!.LastInvocation!;
        Assert.Equal("$LATEST", invocation.Qualifier);
        var authorization = invocation.Headers["Authorization"];
        var signedByUs = Botocore.SignedHeaders(authorization);
        var botocoreSets = new[] { "host", "x-amz-date", "x-amz-security-token" };
        var headers = invocation.Headers.Where(h => signedByUs.Contains(h.Key.ToLowerInvariant()) && !botocoreSets.Contains(h.Key.ToLowerInvariant()))
            .ToDictionary(h => h.Key, h => h.Value);
        var url = $"http://{invocation.Headers["Host"]}{invocation.RawTarget}";
        var signature = (await Botocore.SignAsync([new Botocore.SigningCase(url, headers, Encoding.UTF8.GetBytes(invocation.Body),
            StandInFixture.AccessKeyId, StandInFixture.SecretAccessKey, "token/with+symbols=", "ap-northeast-1", invocation.Headers["X-Amz-Date"])]))[0];

        Assert.True(signature.Authorization == authorization,
            $"ours:     {authorization}\nbotocore: {signature.Authorization}\nbotocore's canonical request:\n{signature.CanonicalRequest}");
    }

    [Fact]
    public async Task Without_any_credentials_the_request_goes_unsigned()
    {
        var name = standIn.NewName("unsigned");
        standIn.Functions.SetPayload(name, BuiltInFunctions.PythonSdkPayload);

        await standIn.Invoker(signed: false).DescribeConnectorConfigurationAsync(StandInFixture.Arn(name), None);

        var headers = standIn.Functions.Activity(name)!.LastInvocation!.Headers;
        Assert.False(headers.ContainsKey("Authorization"));
        Assert.False(headers.ContainsKey("X-Amz-Date"));
    }

    [Fact]
    public async Task Environment_credentials_sign_when_none_are_configured()
    {
        var name = standIn.NewName("environment");
        standIn.Functions.SetPayload(name, BuiltInFunctions.PythonSdkPayload);
        var environment = new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = "AKIAENVIRONMENT",
            ["AWS_SECRET_ACCESS_KEY"] = "secret",
            ["AWS_SESSION_TOKEN"] = "environment-token",
        };

        await standIn.Invoker(signed: false, environment: environment).DescribeConnectorConfigurationAsync(StandInFixture.Arn(name), None);

        var headers = standIn.Functions.Activity(name)!.LastInvocation!.Headers;
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIAENVIRONMENT/", headers["Authorization"], StringComparison.Ordinal);
        Assert.Equal("environment-token", headers["X-Amz-Security-Token"]);
    }

    [Fact]
    public async Task Unknown_function_becomes_ResourceNotFoundException()
    {
        var arn = StandInFixture.Arn("no-such-function");

        var exception = await FailAsync(arn);

        Assert.Equal(AwsErrorCode.ResourceNotFoundException, exception.Code);
        Assert.Equal($"Connector function {arn} was not found: Lambda answered ResourceNotFoundException: Function not found: {arn}", exception.Message);
    }

    [Fact]
    public async Task Lambda_denying_access_becomes_AccessDeniedException()
    {
        var arn = StandInFixture.Arn(BuiltInFunctions.AccessDenied);

        var exception = await FailAsync(arn);

        Assert.Equal(AwsErrorCode.AccessDeniedException, exception.Code);
        Assert.StartsWith($"Lambda refused to invoke connector function {arn}: AccessDeniedException: User: arn:aws:iam::123456789012:user/appflow-local is not authorized to perform: lambda:InvokeFunction",
            exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lambda_rejecting_the_signature_becomes_AccessDeniedException()
    {
        var name = standIn.NewName("unrecognized");
        // Lambda's answer to an unknown access key; the error type comes with a ":url" suffix at times.
        standIn.Functions.Set(name, FunctionResponse.ServiceError(401, "UnrecognizedClientException:http://internal.amazon.com/coral/com.amazon.coral.service/",
            "The security token included in the request is invalid."));
        var arn = StandInFixture.Arn(name);

        var exception = await FailAsync(arn);

        Assert.Equal(AwsErrorCode.AccessDeniedException, exception.Code);
        Assert.Equal($"Lambda refused to invoke connector function {arn}: UnrecognizedClientException: The security token included in the request is invalid.", exception.Message);
    }

    [Fact]
    public async Task Lambda_throttling_becomes_ThrottlingException()
    {
        var arn = StandInFixture.Arn(BuiltInFunctions.Throttled);

        var exception = await FailAsync(arn);

        Assert.Equal(AwsErrorCode.ThrottlingException, exception.Code);
        Assert.Equal($"Lambda throttled the invocation of connector function {arn}: TooManyRequestsException: Rate Exceeded.", exception.Message);
    }

    [Fact]
    public async Task Other_Lambda_error_becomes_ConnectorServerException_with_status_type_and_message()
    {
        var name = standIn.NewName("not-ready");
        standIn.Functions.Set(name, FunctionResponse.ServiceError(502, "ResourceNotReadyException", "The function is currently in the Pending state."));
        var arn = StandInFixture.Arn(name);

        var exception = await FailAsync(arn);

        Assert.Equal(AwsErrorCode.ConnectorServerException, exception.Code);
        Assert.Equal($"Lambda could not invoke connector function {arn}: HTTP 502 ResourceNotReadyException: The function is currently in the Pending state.", exception.Message);
    }

    [Fact]
    public async Task Function_error_becomes_ConnectorServerException_with_type_and_message()
    {
        var arn = StandInFixture.Arn(BuiltInFunctions.Throwing);

        var exception = await FailAsync(arn);

        Assert.Equal(AwsErrorCode.ConnectorServerException, exception.Code);
        Assert.Equal($"Connector function {arn} failed with a function error (Unhandled): RuntimeError: Exception while processing the request", exception.Message);
    }

    [Fact]
    public async Task Java_function_error_with_a_stack_trace_in_its_message_becomes_one_line()
    {
        var name = standIn.NewName("java-throws");
        standIn.Functions.Set(name, FunctionResponse.Unhandled("java.lang.RuntimeException",
            "Exception while processing the request due to java.lang.IllegalStateException: boom\n\tat com.example.Handler.describe(Handler.java:42)\n\tat com.example.Handler.handleRequest(Handler.java:17)\n",
            "com.example.Handler.handleRequest(Handler.java:17)"));
        var arn = StandInFixture.Arn(name);

        var exception = await FailAsync(arn);

        Assert.Equal(
            $"Connector function {arn} failed with a function error (Unhandled): java.lang.RuntimeException: Exception while processing the request due to java.lang.IllegalStateException: boom at com.example.Handler.describe(Handler.java:42) at com.example.Handler.handleRequest(Handler.java:17)",
            exception.Message);
    }

    [Theory]
    [InlineData(BuiltInFunctions.InvalidCredentials, nameof(AwsErrorCode.ConnectorAuthenticationException), "reported InvalidCredentials: The application rejected the API key")]
    [InlineData(BuiltInFunctions.ServerError, nameof(AwsErrorCode.ConnectorServerException), "reported ServerError: The application answered HTTP 503 (retry after 30 s)")]
    [InlineData(BuiltInFunctions.NonJson, nameof(AwsErrorCode.ConnectorServerException), "returned a payload that is not JSON")]
    [InlineData(BuiltInFunctions.InvalidConfiguration, nameof(AwsErrorCode.ConnectorServerException),
        "returned a configuration the API cannot accept: Value '[Scheduled, EVENTBRIDGE]' at 'supportedTriggerTypes' failed to satisfy constraint")]
    public async Task Connector_answers_that_are_not_a_usable_configuration_are_mapped(string function, string code, string problem)
    {
        var arn = StandInFixture.Arn(function);

        var exception = await FailAsync(arn);

        Assert.Equal(code, exception.Code.ToString());
        Assert.StartsWith($"Connector function {arn} {problem}", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Payload_over_Lambda_six_megabyte_limit_becomes_ConnectorServerException()
    {
        var name = standIn.NewName("huge");
        standIn.Functions.SetPayload(name, $$"""{"isSuccess": true, "connectorName": "{{new string('x', LambdaInvoker.MaxPayloadBytes)}}"}""");
        var arn = StandInFixture.Arn(name);

        var exception = await FailAsync(arn);

        Assert.Equal(AwsErrorCode.ConnectorServerException, exception.Code);
        Assert.Equal($"Connector function {arn} returned more than 6 MB, Lambda's limit for a synchronous response.", exception.Message);
    }

    [Fact]
    public async Task Function_slower_than_the_timeout_becomes_ConnectorServerException_saying_it_timed_out()
    {
        var arn = StandInFixture.Arn(BuiltInFunctions.Slow);
        var clock = Stopwatch.StartNew();

        var exception = await Assert.ThrowsAsync<AppFlowException>(() =>
            standIn.Invoker(timeout: TimeSpan.FromMilliseconds(300)).DescribeConnectorConfigurationAsync(arn, None));

        // Not before the timeout; that it did not wait for the function is what the message says (the slow
        // function answers with success, later): an upper bound in seconds would measure the machine.
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(250), $"gave up after {clock.Elapsed}");
        Assert.Equal(AwsErrorCode.ConnectorServerException, exception.Code);
        Assert.Equal($"Connector function {arn} timed out after 0.3 s without an answer from {standIn.Server.Endpoint} (Lambda:Timeout).", exception.Message);
    }

    [Fact]
    public async Task Cancellation_by_the_caller_propagates_instead_of_becoming_a_timeout()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            standIn.Invoker(timeout: TimeSpan.FromSeconds(10)).DescribeConnectorConfigurationAsync(StandInFixture.Arn(BuiltInFunctions.Slow), cancellation.Token));
    }

    [Fact]
    public async Task Unreachable_endpoint_becomes_ConnectorServerException_naming_the_endpoint()
    {
        // A port that was free a moment ago: nothing listens there.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var arn = StandInFixture.Arn(BuiltInFunctions.PythonSdk);

        var exception = await Assert.ThrowsAsync<AppFlowException>(() =>
            standIn.Invoker(endpoint: $"http://127.0.0.1:{port}").DescribeConnectorConfigurationAsync(arn, None));

        Assert.Equal(AwsErrorCode.ConnectorServerException, exception.Code);
        Assert.StartsWith($"Connector function {arn} could not be invoked: the Lambda endpoint http://127.0.0.1:{port}/ is unreachable (Connection refused",
            exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Payload_cut_short_of_its_Content_Length_becomes_ConnectorServerException_saying_the_endpoint_closed_the_connection()
    {
        await using var lambda = new RawHttpPeer(RawReply.Close(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"isSuccess\":"));
        var arn = StandInFixture.Arn(BuiltInFunctions.PythonSdk);

        var exception = await FailAsync(arn, lambda);

        Assert.Equal(AwsErrorCode.ConnectorServerException, exception.Code);
        AssertStartsWith(
            $"Connector function {arn} returned a response that was cut off: the Lambda endpoint {lambda.Endpoint} closed the connection after 13 of the 100 bytes its Content-Length announced (The response ended prematurely",
            exception.Message);
    }

    [Fact]
    public async Task Chunked_payload_ended_before_its_last_chunk_becomes_ConnectorServerException_saying_the_endpoint_closed_the_connection()
    {
        await using var lambda = new RawHttpPeer(RawReply.Close(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nd\r\n{\"isSuccess\":\r\n"));
        var arn = StandInFixture.Arn(BuiltInFunctions.PythonSdk);

        var exception = await FailAsync(arn, lambda);

        Assert.Equal(AwsErrorCode.ConnectorServerException, exception.Code);
        AssertStartsWith(
            $"Connector function {arn} returned a response that was cut off: the Lambda endpoint {lambda.Endpoint} closed the connection after 13 bytes of the payload, before its last chunk (The response ended prematurely",
            exception.Message);
    }

    [Fact]
    public async Task Connection_reset_mid_payload_becomes_ConnectorServerException_saying_the_endpoint_reset_it()
    {
        await using var lambda = new RawHttpPeer(RawReply.Reset(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"isSuccess\":"));
        var arn = StandInFixture.Arn(BuiltInFunctions.PythonSdk);

        var exception = await FailAsync(arn, lambda);

        Assert.Equal(AwsErrorCode.ConnectorServerException, exception.Code);
        AssertStartsWith(
            $"Connector function {arn} returned a response that was cut off: the Lambda endpoint {lambda.Endpoint} reset the connection after 13 of the 100 bytes its Content-Length announced (",
            exception.Message);
        Assert.Contains("Connection reset by peer", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Broken_chunk_framing_becomes_ConnectorServerException_saying_the_chunked_encoding_is_malformed()
    {
        await using var lambda = new RawHttpPeer(RawReply.Close(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nd\r\n{\"isSuccess\":\r\nnot-a-chunk-size\r\n"));
        var arn = StandInFixture.Arn(BuiltInFunctions.PythonSdk);

        var exception = await FailAsync(arn, lambda);

        Assert.Equal(AwsErrorCode.ConnectorServerException, exception.Code);
        AssertStartsWith(
            $"Connector function {arn} returned a malformed response: the Lambda endpoint {lambda.Endpoint} broke the chunked encoding of the payload (Received chunk header length could not be parsed",
            exception.Message);
    }

    [Fact]
    public async Task Endpoint_closing_the_connection_before_any_response_is_not_called_unreachable()
    {
        await using var lambda = new RawHttpPeer(RawReply.Close(""));
        var arn = StandInFixture.Arn(BuiltInFunctions.PythonSdk);

        var exception = await FailAsync(arn, lambda);

        Assert.Equal(AwsErrorCode.ConnectorServerException, exception.Code);
        AssertStartsWith(
            $"Connector function {arn} could not be invoked: the Lambda endpoint {lambda.Endpoint} accepted the connection and closed it without sending a response (",
            exception.Message);
        Assert.Equal(1, lambda.Connections);
    }

    [Fact]
    public async Task Endpoint_resetting_the_connection_before_any_response_is_not_called_unreachable()
    {
        await using var lambda = new RawHttpPeer(RawReply.Reset(""));
        var arn = StandInFixture.Arn(BuiltInFunctions.PythonSdk);

        var exception = await FailAsync(arn, lambda);

        Assert.Equal(AwsErrorCode.ConnectorServerException, exception.Code);
        AssertStartsWith(
            $"Connector function {arn} could not be invoked: the Lambda endpoint {lambda.Endpoint} accepted the connection and reset it without sending a response (",
            exception.Message);
    }

    [Theory]
    [InlineData("garbage\r\n\r\n", "Received an invalid status line: 'garbage'")]
    [InlineData("HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n", "Received an invalid status code: '2x0'")]
    [InlineData("HTTP/1.1 200 OK\r\nnot a header\r\nContent-Length: 0\r\n\r\n", "Received an invalid header line: 'not a header")]
    public async Task Malformed_status_line_or_headers_become_ConnectorServerException_saying_the_response_is_not_HTTP(string wire, string reason)
    {
        await using var lambda = new RawHttpPeer(RawReply.Close(wire));
        var arn = StandInFixture.Arn(BuiltInFunctions.PythonSdk);

        var exception = await FailAsync(arn, lambda);

        Assert.Equal(AwsErrorCode.ConnectorServerException, exception.Code);
        AssertStartsWith(
            $"Connector function {arn} could not be invoked: the Lambda endpoint {lambda.Endpoint} answered with a response that is not valid HTTP ({reason}",
            exception.Message);
    }

    [Fact]
    public async Task Response_headers_over_the_read_limit_become_ConnectorServerException_saying_so()
    {
        await using var lambda = new RawHttpPeer(RawReply.Close(
            $"HTTP/1.1 200 OK\r\nX-Padding: {new string('x', 128 * 1024)}\r\nContent-Length: 0\r\n\r\n"));
        var arn = StandInFixture.Arn(BuiltInFunctions.PythonSdk);

        var exception = await FailAsync(arn, lambda);

        Assert.Equal(AwsErrorCode.ConnectorServerException, exception.Code);
        AssertStartsWith(
            $"Connector function {arn} could not be invoked: the Lambda endpoint {lambda.Endpoint} answered with response headers over the limit this server reads (",
            exception.Message);
    }

    [Theory]
    [InlineData(301)]
    [InlineData(302)]
    [InlineData(303)]
    [InlineData(307)]
    [InlineData(308)]
    public async Task Redirect_is_not_followed_and_becomes_ConnectorServerException_naming_the_status_and_location(int status)
    {
        // The target would answer a perfectly good configuration: following the redirect would register it.
        await using var target = new RawHttpPeer(RawReply.Payload(BuiltInFunctions.PythonSdkPayload));
        var location = new Uri(target.Endpoint, "/2015-03-31/functions/elsewhere/invocations").ToString();
        var name = standIn.NewName("redirect");
        standIn.Functions.Set(name, new FunctionResponse(status, "", new Dictionary<string, string> { ["Location"] = location }));
        var arn = StandInFixture.Arn(name);

        var exception = await FailAsync(arn);

        Assert.Equal(AwsErrorCode.ConnectorServerException, exception.Code);
        Assert.Equal(
            $"Connector function {arn} could not be invoked: HTTP {status} from the Lambda endpoint {standIn.Server.Endpoint}, redirecting to {location}. Lambda never redirects, so the redirect was not followed.",
            exception.Message);
        Assert.Equal((0, 0L), (target.Connections, target.ReceivedBytes));
    }

    [Fact]
    public async Task Redirect_without_a_location_says_so()
    {
        var name = standIn.NewName("redirect-nowhere");
        standIn.Functions.Set(name, new FunctionResponse(300, "", new Dictionary<string, string>()));
        var arn = StandInFixture.Arn(name);

        var exception = await FailAsync(arn);

        Assert.Equal(AwsErrorCode.ConnectorServerException, exception.Code);
        Assert.Equal(
            $"Connector function {arn} could not be invoked: HTTP 300 from the Lambda endpoint {standIn.Server.Endpoint}, without a Location. Lambda never redirects, so the redirect was not followed.",
            exception.Message);
    }

    [Fact]
    public async Task Endpoint_with_a_base_path_keeps_it()
    {
        var name = standIn.NewName("base-path");
        standIn.Functions.SetPayload(name, BuiltInFunctions.PythonSdkPayload);

        var exception = await Assert.ThrowsAsync<AppFlowException>(() =>
            standIn.Invoker(endpoint: new Uri(standIn.Server.Endpoint, "/prefix/").ToString()).DescribeConnectorConfigurationAsync(StandInFixture.Arn(name), None));

        // The stand-in serves no /prefix, so Kestrel's bare 404 proves where the call went.
        Assert.Equal(AwsErrorCode.ResourceNotFoundException, exception.Code);
        Assert.Equal(0, standIn.Functions.Activity(name)!.Invocations);
    }

    [Theory]
    [InlineData("not-an-arn")]
    [InlineData("arn:aws:s3:::bucket")]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:layer:x")]
    public async Task Something_other_than_a_function_arn_is_a_ValidationException(string arn)
    {
        var exception = await FailAsync(arn);

        Assert.Equal(AwsErrorCode.ValidationException, exception.Code);
        Assert.Contains(arn, exception.Message, StringComparison.Ordinal);
    }

    /// <summary>Like Assert.StartsWith, but shows the whole message when it fails.</summary>
    private static void AssertStartsWith(string expected, string actual) =>
        Assert.True(actual.StartsWith(expected, StringComparison.Ordinal), $"Expected the message to start with:\n{expected}\nbut it is:\n{actual}");

    private Task<AppFlowException> FailAsync(string arn, RawHttpPeer? lambda = null) =>
        Assert.ThrowsAsync<AppFlowException>(() => standIn.Invoker(endpoint: lambda?.Endpoint.ToString()).DescribeConnectorConfigurationAsync(arn, None));
}
