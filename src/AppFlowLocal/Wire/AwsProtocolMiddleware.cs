using AppFlowLocal.Model;

namespace AppFlowLocal.Wire;

/// <summary>
/// Gives every response a request id and turns every failure into an AWS-shaped error, so that no
/// exception ever reaches a client as a bare 500 page.
/// </summary>
internal sealed partial class AwsProtocolMiddleware(RequestDelegate next, ILogger<AwsProtocolMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        context.Response.Headers[RestJson.RequestIdHeader] = Guid.NewGuid().ToString();
        try
        {
            await next(context);
        }
        catch (AppFlowException e) when (!context.Response.HasStarted)
        {
            await RestJson.WriteErrorAsync(context, e.Code, e.Message);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            await RestJson.WriteErrorAsync(context, AwsErrorCode.SerializationException, e.Message);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            LogUnexpected(logger, e, context.Request.Path);
            await RestJson.WriteErrorAsync(context, AwsErrorCode.InternalServerException,
                "An internal error occurred. The request id in x-amzn-RequestId identifies it in the server log.");
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure serving {Path}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, PathString path);
}
