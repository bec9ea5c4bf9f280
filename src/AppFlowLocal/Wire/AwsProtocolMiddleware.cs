using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using AppFlowLocal.Model;
using AppFlowLocal.Observability;
using AppFlowLocal.Storage;

namespace AppFlowLocal.Wire;

/// <summary>
/// Gives every response a request id, turns every failure into an AWS-shaped error (no exception
/// ever reaches a client as a bare 500 page) and logs one line per refused request, with the
/// error's message, so a connector author sees in the server's console why a call was refused, and one
/// per change; successful reads log at Debug.
/// </summary>
internal sealed partial class AwsProtocolMiddleware(RequestDelegate next, ILogger<AwsProtocolMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var requestId = Guid.NewGuid().ToString();
        context.Response.Headers[RestJson.RequestIdHeader] = requestId;
        var started = Stopwatch.GetTimestamp();
        AwsErrorCode? error = null;
        string? message = null;
        try
        {
            await next(context);
        }
        catch (AppFlowException e) when (!context.Response.HasStarted)
        {
            (error, message) = (e.Code, e.Message);
            await RestJson.WriteErrorAsync(context, e.Code, e.Message);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            // Kestrel raises these as the application reads the body: bad chunk framing, a body shorter
            // than its Content-Length, one arriving too slowly (MinRequestBodyDataRate) or over Kestrel's
            // size limit. The request cannot be read, and Kestrel's message says why (and which limit).
            // What Kestrel refuses before the application runs is its own (README, "Responses that are Kestrel's own").
            (error, message) = (AwsErrorCode.SerializationException, e.Message);
            await RestJson.WriteErrorAsync(context, AwsErrorCode.SerializationException, e.Message);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
            LogAbandoned(logger, context.Request.Path, requestId);
            return;
        }
        catch (DatabaseFileChangedException e) when (!context.Response.HasStarted)
        {
            // Not unexpected: the database file was taken from under the server, and its message says
            // which, what happened to it and that nothing was written (health says the same).
            AppFlowMetrics.StorageFailed(HealthEndpoint.ProviderName(context));
            (error, message) = (AwsErrorCode.InternalServerException, e.Message);
            await RestJson.WriteErrorAsync(context, error.Value, message);
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            LogUnexpected(logger, e, context.Request.Path, requestId);
            if (IsStorageFailure(e))
            {
                AppFlowMetrics.StorageFailed(HealthEndpoint.ProviderName(context));
            }

            (error, message) = (AwsErrorCode.InternalServerException,
                $"An internal error occurred. Request id {requestId} identifies it in the server log.");
            await RestJson.WriteErrorAsync(context, error.Value, message);
        }

        var took = Stopwatch.GetElapsedTime(started);
        var operation = OperationNames.Of(context);
        AppFlowMetrics.RequestServed(operation, Outcome(error, context.Response.StatusCode), took);
        var elapsed = took.TotalMilliseconds;
        if (error is { } code)
        {
            LogFailed(logger, context.Request.Path, context.Response.StatusCode, code, message, elapsed, requestId);
        }
        else if (OperationNames.IsChange(operation))
        {
            LogServed(logger, context.Request.Path, context.Response.StatusCode, elapsed, requestId);
        }
        else
        {
            LogRead(logger, context.Request.Path, context.Response.StatusCode, elapsed, requestId);
        }
    }

    /// <summary>The AWS error code; for a route that answers an error without one (health's 503), its status.</summary>
    private static string Outcome(AwsErrorCode? error, int status) =>
        error?.ToString() ?? (status >= 400 ? status.ToString(CultureInfo.InvariantCulture) : AppFlowMetrics.Success);

    private static bool IsStorageFailure(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is DbException)
            {
                return true;
            }
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Path} {Status} in {Milliseconds:0.0} ms ({RequestId})")]
    private static partial void LogServed(ILogger logger, PathString path, int status, double milliseconds, string requestId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Path} {Status} in {Milliseconds:0.0} ms ({RequestId})")]
    private static partial void LogRead(ILogger logger, PathString path, int status, double milliseconds, string requestId);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Path} {Status} {Code}: {Message} ({RequestId}, {Milliseconds:0.0} ms)")]
    private static partial void LogFailed(ILogger logger, PathString path, int status, AwsErrorCode code, string? message, double milliseconds, string requestId);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Path} abandoned by the client ({RequestId})")]
    private static partial void LogAbandoned(ILogger logger, PathString path, string requestId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure serving {Path} ({RequestId})")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, PathString path, string requestId);
}
