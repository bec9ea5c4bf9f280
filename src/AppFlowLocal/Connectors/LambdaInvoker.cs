using System.Buffers;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using AppFlowLocal.Model;
using AppFlowLocal.Observability;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AppFlowLocal.Connectors;

/// <summary>
/// Asks a connector to describe itself through the Lambda Invoke API
/// (<c>POST /2015-03-31/functions/{FunctionName}/invocations</c>), SigV4-signed for service
/// <c>lambda</c> in the function's region, and maps every way that can fail to the caller's error.
/// </summary>
internal sealed partial class LambdaInvoker(
    HttpClient httpClient,
    IOptions<LambdaOptions> options,
    TimeProvider timeProvider,
    ILogger<LambdaInvoker> logger,
    IServer? server = null,
    CommandSlots? commandSlots = null) : IConnectorInvoker
{
    private readonly CommandSlots slots = commandSlots ?? new CommandSlots(options);

    internal static readonly byte[] DescribeEvent = JsonSerializer.SerializeToUtf8Bytes(
        new DescribeConnectorConfigurationRequest(), ConnectorProtocolJsonContext.Default.DescribeConnectorConfigurationRequest);

    /// <summary>Lambda's limit for a synchronous response; more than that is not a connector talking.</summary>
    internal const int MaxPayloadBytes = 6 * 1024 * 1024;

    /// <summary>Where credentials come from when configuration has none; replaceable so tests need not touch the process.</summary>
    internal Func<string, string?> EnvironmentVariables { get; init; } = Environment.GetEnvironmentVariable;

    public async Task<ConnectorConfiguration> DescribeConnectorConfigurationAsync(string lambdaArn, CancellationToken cancellationToken)
    {
        if (!LambdaFunctionArn.TryParse(lambdaArn, out var function))
        {
            throw ConnectorFailure.Validation(
                $"{lambdaArn} is not a Lambda function ARN: expected arn:aws:lambda:region:account-id:function:name[:qualifier].");
        }

        return await ObserveAsync(DescribeConnectorConfigurationRequest.TypeName, async () =>
        {
            var payload = await InvokeAsync(function, DescribeEvent, cancellationToken).ConfigureAwait(false);
            var warnings = new List<string>();
            var configuration = ConnectorConfigurationMapping.FromPayloadRemembered(function.Value, payload, warnings);
            if (warnings.Count > 0)
            {
                // Accepted (SPEC.md: patterns are not enforced on what a connector returns), but a connector
                // author should see what AppFlow's own model would have flagged.
                LogPatternWarnings(logger, function.Value, string.Join("; ", warnings));
            }

            return configuration;
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs one invocation and its interpretation, and counts how it went: an answer the mapping refuses
    /// is a failed invocation too.
    /// </summary>
    private async Task<T> ObserveAsync<T>(string requestType, Func<Task<T>> invocation)
    {
        var started = timeProvider.GetTimestamp();
        try
        {
            var result = await invocation().ConfigureAwait(false);
            AppFlowMetrics.InvocationDone(requestType, AppFlowMetrics.Success, timeProvider.GetElapsedTime(started));
            return result;
        }
        catch (AppFlowException failure)
        {
            AppFlowMetrics.InvocationDone(requestType, failure.Code.ToString(), timeProvider.GetElapsedTime(started));
            throw;
        }
    }

    public async Task<ConnectorCheckReport> CheckConnectorConfigurationAsync(string lambdaArn, CancellationToken cancellationToken)
    {
        if (!LambdaFunctionArn.TryParse(lambdaArn, out var function))
        {
            return new ConnectorCheckReport
            {
                Function = lambdaArn,
                Errors = [new ConnectorCheckFinding(ConnectorCheckFinding.Error, "lambdaArn",
                    $"{lambdaArn} is not a Lambda function ARN: expected arn:aws:lambda:region:account-id:function:name[:qualifier].")],
            };
        }

        return await ConnectorCheck.RunAsync(this, function, cancellationToken).ConfigureAwait(false);
    }

    public async Task ValidateConnectorProfileAsync(string lambdaArn, ConnectorProfileCheck check, CancellationToken cancellationToken)
    {
        if (!LambdaFunctionArn.TryParse(lambdaArn, out var function))
        {
            throw ConnectorFailure.Server($"The registered function {lambdaArn} is not a Lambda function ARN.");
        }

        await ObserveAsync("ValidateConnectorRuntimeSettingsRequest", async () =>
        {
            var settings = await InvokeAsync(function, ConnectorProfileEvents.ValidateConnectorRuntimeSettings(check.RuntimeSettings), cancellationToken)
                .ConfigureAwait(false);
            ConnectorProfileEvents.EnsureValid(function.Value, "ValidateConnectorRuntimeSettingsResponse", settings);
            return true;
        }).ConfigureAwait(false);
        await ObserveAsync("ValidateCredentialsRequest", async () =>
        {
            var credentials = await InvokeAsync(function, ConnectorProfileEvents.ValidateCredentials(check), cancellationToken).ConfigureAwait(false);
            ConnectorProfileEvents.EnsureValid(function.Value, "ValidateCredentialsResponse", credentials);
            return true;
        }).ConfigureAwait(false);
    }

    public async Task<List<ConnectorEntityField>> DescribeEntityAsync(string lambdaArn, ConnectorContext context, string entityIdentifier,
        CancellationToken cancellationToken)
    {
        if (!LambdaFunctionArn.TryParse(lambdaArn, out var function))
        {
            throw ConnectorFailure.Server($"The registered function {lambdaArn} is not a Lambda function ARN.");
        }

        return await ObserveAsync("DescribeEntityRequest", async () =>
        {
            var payload = await InvokeAsync(function, ConnectorProfileEvents.DescribeEntity(context, entityIdentifier), cancellationToken).ConfigureAwait(false);
            return ConnectorEntityFieldMapping.FromPayload(function.Value, payload);
        }).ConfigureAwait(false);
    }

    public async Task<EntityPage> ListEntitiesAsync(string lambdaArn, ConnectorContext context, string? entitiesPath, string? nextToken, int? maxResults,
        CancellationToken cancellationToken)
    {
        if (!LambdaFunctionArn.TryParse(lambdaArn, out var function))
        {
            throw ConnectorFailure.Server($"The registered function {lambdaArn} is not a Lambda function ARN.");
        }

        return await ObserveAsync("ListEntitiesRequest", async () =>
        {
            var payload = await InvokeAsync(function, ConnectorProfileEvents.ListEntities(context, entitiesPath, nextToken, maxResults), cancellationToken)
                .ConfigureAwait(false);
            return ConnectorProfileEvents.ToEntityPage(function.Value, payload);
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// A synchronous (RequestResponse) invocation; returns the function's payload. A function bound in
    /// Lambda:Functions goes to its binding: a local process, or its own Invoke endpoint.
    /// </summary>
    internal async Task<byte[]> InvokeAsync(LambdaFunctionArn function, byte[] @event, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var binding = settings.Bindings.For(function);
        if (binding?.Command is { } command)
        {
            var queued = timeProvider.GetTimestamp();
            using var slot = await slots.TakeAsync(function, binding, cancellationToken).ConfigureAwait(false);
            LogRunning(logger, function.Value, command);
            try
            {
                return await CommandFunction.InvokeAsync(function, command, @event, CommandEnvironment(function, settings), settings.Timeout,
                    timeProvider.GetElapsedTime(queued), cancellationToken).ConfigureAwait(false);
            }
            catch (AppFlowException failure)
            {
                // The caller's message names the function only; the operator finds the command line here.
                LogCommandFailed(logger, function.Value, command, failure.Message);
                throw;
            }
        }

        var endpoint = binding?.Endpoint ?? settings.EndpointUri ?? function.DefaultEndpoint;
        using var request = new HttpRequestMessage(HttpMethod.Post, InvokeUri(endpoint, function));
        request.Headers.TryAddWithoutValidation("X-Amz-Invocation-Type", "RequestResponse");
        request.Content = new ByteArrayContent(@event);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var credentials = AwsCredentials.Resolve(settings, EnvironmentVariables);
        if (credentials is not null)
        {
            SigV4Signer.Sign(request, @event, credentials, function.Region, "lambda", timeProvider.GetUtcNow());
        }

        LogInvoking(logger, function.Value, endpoint, credentials is not null);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.Timeout);
        try
        {
            HttpResponseMessage response;
            try
            {
                response = await httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            }
            catch (HttpRequestException exception)
            {
                throw NoResponse(function, endpoint, exception);
            }

            using (response)
            {
                RefuseRedirect(function, endpoint, response);
                var payload = await ReadPayloadAsync(function, endpoint, response, timeout.Token).ConfigureAwait(false);
                return Interpret(function, response, payload);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Only our own deadline lands here: the caller's cancellation propagates untouched.
            throw ConnectorFailure.Server(
                $"Connector function {function} timed out after {Seconds(settings.Timeout)} s without an answer from {endpoint} (Lambda:Timeout).");
        }
    }

    /// <summary>
    /// The call failed before any response headers arrived. Only a connection that could not be made
    /// is "unreachable": an endpoint that accepted the connection and then hung up or spoke something
    /// other than HTTP is a different fault, and the person reading the message looks in a different place.
    /// </summary>
    private static AppFlowException NoResponse(LambdaFunctionArn function, Uri endpoint, HttpRequestException exception)
    {
        var what = exception.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError => $"the Lambda endpoint {endpoint} is unreachable",
            HttpRequestError.SecureConnectionError => $"the TLS handshake with the Lambda endpoint {endpoint} failed",
            HttpRequestError.ProxyTunnelError => $"the proxy refused to open a tunnel to the Lambda endpoint {endpoint}",
            HttpRequestError.ResponseEnded => $"the Lambda endpoint {endpoint} accepted the connection and closed it without sending a response",
            HttpRequestError.InvalidResponse => $"the Lambda endpoint {endpoint} answered with a response that is not valid HTTP",
            HttpRequestError.ConfigurationLimitExceeded => $"the Lambda endpoint {endpoint} answered with response headers over the limit this server reads",
            _ when IsReset(exception) => $"the Lambda endpoint {endpoint} accepted the connection and reset it without sending a response",
            _ => $"the connection to the Lambda endpoint {endpoint} failed before a response arrived",
        };
        return ConnectorFailure.Server($"Connector function {function} could not be invoked: {what} ({Reason(exception)}).");
    }

    /// <summary>
    /// Lambda never redirects, and the AWS SDKs do not follow redirects: following one would POST the
    /// event, unsigned, to whatever host the Location names and register what that host answers. The
    /// handler does not follow them (see <see cref="ConnectorInvocationServiceCollectionExtensions.CreateLambdaHandler"/>);
    /// here a 3xx becomes the connector's failure, before any of its body is read.
    /// </summary>
    private static void RefuseRedirect(LambdaFunctionArn function, Uri endpoint, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        if (status is < 300 or >= 400)
        {
            return;
        }

        // NonValidated: a Location HttpClient cannot parse is still worth showing as sent.
        var target = response.Headers.NonValidated.TryGetValues("Location", out var locations)
            ? $"redirecting to {ConnectorFailure.Quote(locations.ToString())}"
            : "without a Location";
        throw ConnectorFailure.Server(
            $"Connector function {function} could not be invoked: HTTP {status.ToString(CultureInfo.InvariantCulture)} from the Lambda endpoint {endpoint}, {target}. Lambda never redirects, so the redirect was not followed.");
    }

    private static async Task<byte[]> ReadPayloadAsync(LambdaFunctionArn function, Uri endpoint, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > MaxPayloadBytes)
        {
            throw TooLarge();
        }

        using var payload = new MemoryStream((int)(response.Content.Headers.ContentLength ?? 0));

        // Pooled: a buffer of its own was 80 KB to allocate and zero on every invocation.
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                int read;
                while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    if (payload.Length + read > MaxPayloadBytes)
                    {
                        throw TooLarge();
                    }

                    payload.Write(buffer, 0, read);
                }
            }
        }
        catch (IOException exception)
        {
            throw CutOff(function, endpoint, response, payload.Length, exception);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return payload.ToArray();

        AppFlowException TooLarge() => ConnectorFailure.Server(
            $"Connector function {function} returned more than {MaxPayloadBytes / (1024 * 1024)} MB, Lambda's limit for a synchronous response.");
    }

    /// <summary>The headers arrived but the payload did not, whole: says how much came and how the transfer ended.</summary>
    private static AppFlowException CutOff(LambdaFunctionArn function, Uri endpoint, HttpResponseMessage response, long received, IOException exception)
    {
        var announced = response.Content.Headers.ContentLength;
        var chunked = response.Headers.TransferEncodingChunked == true;
        var count = received.ToString(CultureInfo.InvariantCulture);
        var progress = announced is { } length
            ? $"after {count} of the {length.ToString(CultureInfo.InvariantCulture)} bytes its Content-Length announced"
            : chunked ? $"after {count} bytes of the payload, before its last chunk" : $"after {count} bytes of the payload";
        var reason = Reason(exception);

        if (exception is HttpIOException { HttpRequestError: HttpRequestError.InvalidResponse })
        {
            // No byte count here: HttpClient drops the data of the read in which it meets the bad framing.
            var broken = chunked ? "broke the chunked encoding of the payload" : "broke the framing of the payload";
            return ConnectorFailure.Server(
                $"Connector function {function} returned a malformed response: the Lambda endpoint {endpoint} {broken} ({reason}).");
        }

        var ending = exception switch
        {
            HttpIOException { HttpRequestError: HttpRequestError.ResponseEnded } => $"the Lambda endpoint {endpoint} closed the connection {progress}",
            _ when IsReset(exception) => $"the Lambda endpoint {endpoint} reset the connection {progress}",
            _ => $"the connection to the Lambda endpoint {endpoint} failed {progress}",
        };
        return ConnectorFailure.Server($"Connector function {function} returned a response that was cut off: {ending} ({reason}).");
    }

    private static bool IsReset(Exception exception)
    {
        for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException { SocketErrorCode: SocketError.ConnectionReset })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// What a <c>cmd:</c> function's environment holds: PATH to find its interpreter, the variables the
    /// Lambda runtime sets that connectors read, this server's own address for the AWS services it
    /// answers (so a connector's SDK calls come back here), then Lambda:FunctionEnvironment. Nothing
    /// else of the server's environment, its credentials least of all.
    /// </summary>
    private Dictionary<string, string> CommandEnvironment(LambdaFunctionArn function, LambdaOptions settings)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = EnvironmentVariables("PATH") ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            ["AWS_REGION"] = function.Region,
            ["AWS_DEFAULT_REGION"] = function.Region,
            ["AWS_LAMBDA_FUNCTION_NAME"] = function.FunctionName,
            ["AWS_LAMBDA_FUNCTION_VERSION"] = function.Qualifier ?? "$LATEST",
        };
        if (OwnEndpoint() is { } own)
        {
            environment["AWS_ENDPOINT_URL_APPFLOW"] = own;
            environment["AWS_ENDPOINT_URL_SECRETS_MANAGER"] = own;
        }

        foreach (var (name, value) in settings.FunctionEnvironment)
        {
            environment[name] = value;
        }

        return environment;
    }

    /// <summary>The first address this server listens on, as a client reaches it (a wildcard host becomes loopback).</summary>
    private string? OwnEndpoint()
    {
        var address = server?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (address is null || !Uri.TryCreate(address.Replace("://*", "://127.0.0.1", StringComparison.Ordinal).Replace("://+", "://127.0.0.1", StringComparison.Ordinal), UriKind.Absolute, out var uri))
        {
            return null;
        }

        var host = uri.Host is "0.0.0.0" ? "127.0.0.1" : uri.Host is "[::]" ? "[::1]" : uri.Host;
        return $"{uri.Scheme}://{host}:{uri.Port.ToString(CultureInfo.InvariantCulture)}";
    }

    private static Uri InvokeUri(Uri endpoint, LambdaFunctionArn function) =>
        new(endpoint.GetLeftPart(UriPartial.Path).TrimEnd('/') + function.InvokePath, UriKind.Absolute);

    private static byte[] Interpret(LambdaFunctionArn function, HttpResponseMessage response, byte[] payload)
    {
        var status = (int)response.StatusCode;
        if (status is >= 200 and < 300)
        {
            // Lambda reports a handler that threw as a successful call with this header ("Unhandled").
            if (response.Headers.TryGetValues("X-Amz-Function-Error", out var kinds))
            {
                var (errorType, errorMessage) = FunctionError(payload);
                throw ConnectorFailure.Server(
                    $"Connector function {function} failed with a function error ({string.Join(',', kinds)}): {errorType}: {errorMessage}");
            }

            return payload;
        }

        var (type, message) = ServiceError(response, payload);
        throw status switch
        {
            404 => ConnectorFailure.NotFound($"Connector function {function} was not found: Lambda answered {type}: {message}"),
            401 or 403 => ConnectorFailure.AccessDenied($"Lambda refused to invoke connector function {function}: {type}: {message}"),
            429 => ConnectorFailure.Throttled($"Lambda throttled the invocation of connector function {function}: {type}: {message}"),
            _ => ConnectorFailure.Server(
                $"Lambda could not invoke connector function {function}: HTTP {status.ToString(CultureInfo.InvariantCulture)} {type}: {message}"),
        };
    }

    /// <summary>The runtime's error document: <c>{"errorType", "errorMessage", "stackTrace"}</c>.</summary>
    private static (string Type, string Message) FunctionError(byte[] payload)
    {
        var document = TryParse(payload);
        var type = Member(document, "errorType") ?? "(no errorType)";
        var message = Member(document, "errorMessage") ?? (document is null ? Text(payload) : "(no errorMessage)");
        return (ConnectorFailure.Quote(type), ConnectorFailure.Quote(message));
    }

    /// <summary>
    /// Lambda's own errors: the code in x-amzn-ErrorType (sometimes with a ":url" suffix) or the body's
    /// __type, the text in the body's Message or message.
    /// </summary>
    private static (string Type, string Message) ServiceError(HttpResponseMessage response, byte[] payload)
    {
        var document = TryParse(payload);
        var type = response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? values.First().Split(':')[0] : null;
        type ??= Member(document, "__type") is { } typeMember ? typeMember[(typeMember.LastIndexOf('#') + 1)..] : null;
        type ??= Member(document, "code") ?? Member(document, "Code") ?? response.ReasonPhrase ?? "(no error type)";
        var message = Member(document, "Message") ?? Member(document, "message") ?? Member(document, "errorMessage")
            ?? (payload.Length > 0 && document is null ? Text(payload) : "(no message)");
        return (ConnectorFailure.Quote(type), ConnectorFailure.Quote(message));
    }

    /// <summary>The payload as a JSON object, or null when it is not one (an error body may be anything).</summary>
    internal static JsonElement? TryParse(byte[] payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A string member of a JSON object from <see cref="TryParse"/>; null when absent or not a string.</summary>
    internal static string? Member(JsonElement? document, string name) =>
        document is { } root && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Text(byte[] payload) => Encoding.UTF8.GetString(payload, 0, Math.Min(payload.Length, ConnectorFailure.QuotedLength));

    private static string Seconds(TimeSpan timeout) => timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>The innermost cause says what actually happened ("Connection refused", "Name or service not known").</summary>
    private static string Reason(Exception exception)
    {
        var reason = exception.Message;
        for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (!reason.Contains(inner.Message, StringComparison.Ordinal))
            {
                reason = $"{reason} {inner.Message}";
            }
        }

        return ConnectorFailure.Quote(reason);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connector function {FunctionArn} returned values that do not match the API model's patterns (accepted): {Warnings}")]
    private static partial void LogPatternWarnings(ILogger logger, string functionArn, string warnings);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Running connector function {FunctionArn} as cmd:{Command}")]
    private static partial void LogRunning(ILogger logger, string functionArn, string command);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connector function {FunctionArn} (cmd:{Command}) failed: {Failure}")]
    private static partial void LogCommandFailed(ILogger logger, string functionArn, string command, string failure);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Invoking connector function {FunctionArn} at {Endpoint} (signed: {Signed})")]
    private static partial void LogInvoking(ILogger logger, string functionArn, Uri endpoint, bool signed);
}
