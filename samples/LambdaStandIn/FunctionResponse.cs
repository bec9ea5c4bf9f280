using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LambdaStandIn;

/// <summary>What the stand-in answers to an Invoke call: the status, headers and body Lambda would send.</summary>
public sealed record FunctionResponse(int StatusCode, string Body, IReadOnlyDictionary<string, string> Headers)
{
    private static readonly Dictionary<string, string> NoHeaders = [];

    /// <summary>Lambda writes quotes in messages and stack traces as \", not \u0022.</summary>
    private static readonly JsonSerializerOptions LambdaJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A handler that returned: HTTP 200 with its result as the payload.</summary>
    public static FunctionResponse Payload(string payload) => new(200, payload, NoHeaders);

    /// <summary>
    /// A handler that threw: Lambda still answers 200, flags it with X-Amz-Function-Error: Unhandled and
    /// sends the runtime's error document.
    /// </summary>
    public static FunctionResponse Unhandled(string errorType, string errorMessage, params string[] stackTrace)
    {
        var document = new JsonObject
        {
            ["errorMessage"] = errorMessage,
            ["errorType"] = errorType,
            ["requestId"] = Guid.NewGuid().ToString(),
            ["stackTrace"] = new JsonArray([.. stackTrace.Select(frame => (JsonNode?)JsonValue.Create(frame))]),
        };
        return new(200, document.ToJsonString(LambdaJson), new Dictionary<string, string> { ["X-Amz-Function-Error"] = "Unhandled" });
    }

    /// <summary>An error of the Lambda service itself, shaped as Lambda sends them: x-amzn-ErrorType and {"Type","Message"}.</summary>
    public static FunctionResponse ServiceError(int statusCode, string errorType, string message) =>
        new(statusCode,
            new JsonObject { ["Type"] = "User", ["Message"] = message }.ToJsonString(LambdaJson),
            new Dictionary<string, string> { ["x-amzn-ErrorType"] = errorType });

    /// <summary>Lambda's throttling answer, which spells its message member in lower case.</summary>
    public static FunctionResponse Throttled() =>
        new(429,
            new JsonObject { ["Reason"] = "ReservedFunctionConcurrentInvocationLimitExceeded", ["Type"] = "User", ["message"] = "Rate Exceeded." }.ToJsonString(LambdaJson),
            new Dictionary<string, string> { ["x-amzn-ErrorType"] = "TooManyRequestsException", ["Retry-After"] = "1" });
}
