using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using SampleConnector.Handlers;
using SampleConnector.Protocol;

namespace SampleConnector.Hosting;

/// <summary>
/// The connector behind the Lambda Invoke API (<c>POST /2015-03-31/functions/{FunctionName}/invocations</c>),
/// so AppFlow Local reaches it through <c>Lambda:Endpoint</c> or an <c>http://</c> binding exactly as it
/// reaches real Lambda. Any function name invokes the connector; requests are not authenticated.
/// </summary>
internal static partial class InvokeEndpoint
{
    public const string DefaultUrl = "http://127.0.0.1:4569";

    /// <summary>Lambda's limit on a synchronous invocation's request payload.</summary>
    public const int MaxPayloadBytes = 6 * 1024 * 1024;

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(InvokeEndpoint).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        // One line per invocation (below), not ASP.NET Core's three per request.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.AddSingleton(_ => ConnectorFunction.Create());
        var application = builder.Build();
        application.MapPost("/2015-03-31/functions/{functionName}/invocations", InvokeAsync);
        return application;
    }

    /// <summary>Starts on a free loopback port; returns the application and its base URL (what tests use).</summary>
    public static async Task<(WebApplication Application, Uri Endpoint)> StartAsync(CancellationToken cancellationToken = default)
    {
        // Quiet in a test run, whatever appsettings.json sits next to the test assembly says.
        var application = Build(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Warning"]);
        await application.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = application.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return (application, new Uri(address));
    }

    private static async Task InvokeAsync(HttpContext context, string functionName, ConnectorFunction function, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(InvokeEndpoint));
        var response = context.Response;
        response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted).ConfigureAwait(false);
        if (body.Length > MaxPayloadBytes)
        {
            await ServiceErrorAsync(context, 413, "RequestTooLargeException", $"Request must be smaller than {MaxPayloadBytes} bytes for the InvokeFunction operation").ConfigureAwait(false);
            return;
        }

        var payload = body.GetBuffer().AsMemory(0, (int)body.Length);
        if (!TryReadType(payload, out var type))
        {
            LogRefused(logger, functionName);
            // Lambda refuses a payload that is not JSON before the function runs.
            await ServiceErrorAsync(context, 400, "InvalidRequestContentException", "Could not parse request body into json").ConfigureAwait(false);
            return;
        }

        byte[] answer;
        try
        {
            answer = function.Invoke(payload);
            LogAnswered(logger, functionName, type);
        }
#pragma warning disable CA1031 // A handler failure is Lambda's function error, never an HTTP error.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogFunctionError(logger, functionName, type, exception.GetType().Name, exception.Message);
            response.Headers["X-Amz-Function-Error"] = "Unhandled";
            answer = JsonSerializer.SerializeToUtf8Bytes(FunctionError.From(exception), ProtocolJson.Context.FunctionErrorBody);
        }

        response.StatusCode = 200;
        response.Headers["X-Amz-Executed-Version"] = "$LATEST";
        response.ContentType = "application/json";
        await response.Body.WriteAsync(answer, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Whether the payload is JSON, and the event's type when it names one (for the log line).</summary>
    private static bool TryReadType(ReadOnlyMemory<byte> payload, out string type)
    {
        type = "(no type)";
        try
        {
            using var document = JsonDocument.Parse(payload);
            if (document.RootElement.ValueKind == JsonValueKind.Object &&
                document.RootElement.TryGetProperty("type", out var member) && member.ValueKind == JsonValueKind.String)
            {
                type = member.GetString()!;
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Function}: {Type} answered")]
    private static partial void LogAnswered(ILogger logger, string function, string type);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Function}: {Type} failed, function error {ErrorType}: {ErrorMessage}")]
    private static partial void LogFunctionError(ILogger logger, string function, string type, string errorType, string errorMessage);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Function}: refused a payload that is not JSON")]
    private static partial void LogRefused(ILogger logger, string function);

    private static async Task ServiceErrorAsync(HttpContext context, int status, string errorType, string message)
    {
        context.Response.StatusCode = status;
        context.Response.Headers["x-amzn-ErrorType"] = errorType;
        context.Response.ContentType = "application/json";
        var body = JsonSerializer.SerializeToUtf8Bytes(new ServiceErrorBody("User", message), ProtocolJson.Context.ServiceErrorBody);
        await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }
}
