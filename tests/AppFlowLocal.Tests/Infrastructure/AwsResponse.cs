using System.Net;
using System.Text.Json;

namespace AppFlowLocal.Tests.Infrastructure;

/// <summary>An HTTP response from the server, read once, with the AWS protocol's parts at hand.</summary>
internal sealed class AwsResponse(HttpStatusCode status, string body, HttpResponseMessage message)
{
    public HttpStatusCode Status { get; } = status;

    public string Body { get; } = body;

    public HttpResponseMessage Message { get; } = message;

    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string? ErrorType => Message.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? values.Single() : null;

    public string? RequestId => Message.Headers.TryGetValues("x-amzn-RequestId", out var values) ? values.Single() : null;

    public string ErrorMessage => Json.GetProperty("message").GetString()!;

    /// <summary>Asserts the response is the named AWS error with the model's status.</summary>
    public AwsResponse AssertError(string code, int status)
    {
        Assert.True((int)Status == status && ErrorType == code, $"Expected {code} ({status}), got {(int)Status} {ErrorType}: {Body}");
        return this;
    }

    public AwsResponse AssertOk()
    {
        Assert.True(Status == HttpStatusCode.OK, $"Expected 200, got {(int)Status} {ErrorType}: {Body}");
        return this;
    }
}
