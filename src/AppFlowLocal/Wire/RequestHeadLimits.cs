using AppFlowLocal.Model;
using Microsoft.AspNetCore.Http.Features;

namespace AppFlowLocal.Wire;

/// <summary>
/// The request line and header limits Kestrel enforces by default (8 KB, 32 KB), enforced here instead so that a
/// request over them gets an AWS-shaped refusal with a request id: Kestrel refuses before any application code runs,
/// with a bare status. Kestrel's own limits are raised to <see cref="KestrelRequestLineBytes"/> and
/// <see cref="KestrelHeaderBytes"/>, which still bound what one connection may make the server hold; beyond them
/// the refusal stays Kestrel's.
/// </summary>
internal sealed class RequestHeadLimits(RequestDelegate next)
{
    public const int RequestLineBytes = 8 * 1024;
    public const int HeaderBytes = 32 * 1024;
    public const int KestrelRequestLineBytes = 64 * 1024;
    public const int KestrelHeaderBytes = 64 * 1024;

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.Value + request.QueryString.Value;

        // Counted as Kestrel counts them: the request line with its method and version, each header's name and value.
        var requestLine = request.Method.Length + 1 + target.Length + 1 + request.Protocol.Length;
        if (requestLine > RequestLineBytes)
        {
            throw new AppFlowException(AwsErrorCode.RequestUriTooLongException,
                $"The request line is {requestLine} bytes long; at most {RequestLineBytes} are accepted.");
        }

        var headers = 0;
        foreach (var (name, values) in request.Headers)
        {
            foreach (var value in values)
            {
                headers += name.Length + (value?.Length ?? 0);
            }
        }

        if (headers > HeaderBytes)
        {
            throw new AppFlowException(AwsErrorCode.RequestHeaderFieldsTooLargeException,
                $"The request's headers are {headers} bytes long; at most {HeaderBytes} are accepted.");
        }

        return next(context);
    }
}
