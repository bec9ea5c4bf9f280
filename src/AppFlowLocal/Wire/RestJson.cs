using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AppFlowLocal.Model;

namespace AppFlowLocal.Wire;

/// <summary>The AWS rest-json 1.1 wire format: how requests are read and responses and errors written.</summary>
internal static class RestJson
{
    public const string RequestIdHeader = "x-amzn-RequestId";
    public const string ErrorTypeHeader = "x-amzn-ErrorType";

    /// <summary>Larger bodies cannot be a valid request: the biggest legal one is a few kilobytes.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    // A duplicated member would be validated in one spelling and used in another: refuse it.
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 32, AllowDuplicateProperties = false };

    /// <summary>
    /// Reads the body as the operation's input shape. An empty body is <c>{}</c>; a body that is not
    /// JSON, or a member of the wrong JSON type, is a SerializationException; unknown members are ignored.
    /// </summary>
    /// <param name="added">Constraints the server adds to members beyond the model's, reported in their members' places.</param>
    public static async Task<ParsedRequest<T>> ReadAsync<T>(HttpRequest request, StructureShape shape, JsonTypeInfo<T> typeInfo,
        IReadOnlyList<MemberConstraint>? added = null)
    {
        var body = await BufferedBody.ReadAsync(request.HttpContext);
        using var document = Parse(body, shape);
        var violations = ConstraintValidator.Validate(document.RootElement, shape, added ?? []);
        T? value;
        try
        {
            value = document.RootElement.Deserialize(typeInfo);
        }
        catch (JsonException e)
        {
            // The validator has checked every member the type reads, so this is a gap between the model
            // and the type; it is still the body that cannot be read, not a server error.
            throw new AppFlowException(AwsErrorCode.SerializationException,
                $"The request body cannot be read as {shape.Name}: {e.Message.Split('\n')[0]}");
        }

        return new ParsedRequest<T>(value ?? throw new AppFlowException(AwsErrorCode.SerializationException, "The request body must be a JSON object."),
            shape, violations);
    }

    private static JsonDocument Parse(ReadOnlyMemory<byte> body, StructureShape shape)
    {
        if (body.Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            return JsonDocument.Parse("{}"u8.ToArray());
        }

        try
        {
            return JsonDocument.Parse(body, DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new AppFlowException(AwsErrorCode.SerializationException,
                $"The request body is not valid JSON: {RepeatedSecretKey(body, shape) ?? e.Message.Split('\n')[0]}");
        }
        catch (InvalidOperationException)
        {
            // The duplicate check compares member names as text, and throws on a name that is no text
            // (an escaped lone surrogate). Parse again without it, only to say which name that is.
            using var lenient = JsonDocument.Parse(body, DocumentOptions with { AllowDuplicateProperties = true });
            throw MalformedJsonText.Find(lenient.RootElement) is { } malformed
                ? ConstraintValidator.Unreadable(shape, malformed)
                : new AppFlowException(AwsErrorCode.SerializationException, "The request body holds a member name that is not Unicode text.");
        }
    }

    /// <summary>
    /// When the body is refused for a repeated member name (JSON's own message quotes the name) and that name is a
    /// key of a map whose keys are secrets (credentialsMap), the refusal naming the map instead; otherwise null.
    /// </summary>
    private static string? RepeatedSecretKey(ReadOnlyMemory<byte> body, StructureShape shape)
    {
        try
        {
            using var lenient = JsonDocument.Parse(body, DocumentOptions with { AllowDuplicateProperties = true });
            return RepeatedName(lenient.RootElement, "") is { } location
                && ConstraintValidator.WithoutSecretKeys(location + ".key", shape) == location
                ? $"a key of '{QuotedValue.Cut(location)}' appears twice"
                : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Not only a repeated name, or a name that is no text (reported as such elsewhere): JSON's message stands.
            return null;
        }
    }

    /// <summary>The location of the first object that holds a member name twice, or null.</summary>
    private static string? RepeatedName(JsonElement element, string location)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var names = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    if (!names.Add(property.Name))
                    {
                        return location;
                    }
                }

                foreach (var property in element.EnumerateObject())
                {
                    if (RepeatedName(property.Value, location.Length == 0 ? property.Name : $"{location}.{property.Name}") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (RepeatedName(item, $"{location}[{index++}]") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>
    /// Identifies a request's parameters for clientToken comparison: SHA-256 of its canonical JSON
    /// (members in model order, absent ones omitted). The caller clears the token first.
    /// </summary>
    public static string Fingerprint<T>(T request, JsonTypeInfo<T> typeInfo) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request, typeInfo)));

    public static IResult Ok<T>(T response, JsonTypeInfo<T> typeInfo) => new JsonBodyResult<T>(response, typeInfo);

    /// <summary>A response body serialized earlier (Api/RenderedViews), sent with its length in one write.</summary>
    public static IResult Ok(ReadOnlyMemory<byte> body) => new RenderedBodyResult(body);

    public static async Task WriteErrorAsync(HttpContext context, AwsErrorCode code, string message)
    {
        var response = context.Response;
        response.StatusCode = AppFlowException.StatusOf(code);
        response.Headers[ErrorTypeHeader] = code.ToString();
        response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(response.Body, new ErrorResponse { Message = message },
            AppFlowJsonContext.Default.ErrorResponse, context.RequestAborted);
    }

    private sealed class RenderedBodyResult(ReadOnlyMemory<byte> body) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/json";
            response.ContentLength = body.Length;
            return response.Body.WriteAsync(body, httpContext.RequestAborted).AsTask();
        }
    }

    private sealed class JsonBodyResult<T>(T value, JsonTypeInfo<T> typeInfo) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status200OK;
            httpContext.Response.ContentType = "application/json";
            return JsonSerializer.SerializeAsync(httpContext.Response.Body, value, typeInfo, httpContext.RequestAborted);
        }
    }
}
