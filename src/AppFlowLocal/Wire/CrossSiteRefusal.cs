using AppFlowLocal.Model;

namespace AppFlowLocal.Wire;

/// <summary>
/// Refuses every request a browser marks as made by a page of another site, on every route and in both modes.
/// Any page a developer opens can make their browser send a POST to 127.0.0.1 (as <c>text/plain</c>, no
/// preflight needed): without this it could unregister connectors or register one that starts a local
/// <c>cmd:</c> function. AWS SDKs, the aws CLI and curl send neither header, so they are served as before.
/// <c>Sec-Fetch-Site</c> is set by the browser itself, and a page cannot change it: when present it decides
/// alone. Only <c>same-origin</c> (the console's own links and forms) and <c>none</c> (an address typed or
/// bookmarked) pass; <c>same-site</c> is refused too, because another port on the same host is the same site.
/// A browser too old to send it still sends <c>Origin</c> on a POST, which must then be this server's own
/// (<c>null</c>, sent from sandboxed frames and local files, is not).
/// </summary>
internal sealed class CrossSiteRefusal(RequestDelegate next)
{
    private const string FetchSiteHeader = "Sec-Fetch-Site";

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var site = request.Headers[FetchSiteHeader].ToString();
        var origin = request.Headers.Origin.ToString();
        if (site.Length > 0)
        {
            if (site is not ("same-origin" or "none"))
            {
                throw Refused($"it carries {FetchSiteHeader}: {QuotedValue.Cut(site)}, which a browser sends when a page of another site makes the request");
            }
        }
        else if (origin.Length > 0 && !IsOwn(origin, request.Host))
        {
            throw Refused($"it carries Origin: {QuotedValue.Cut(origin)}, which is not this server's own ({request.Scheme}://{request.Host})");
        }

        return next(context);
    }

    private static AppFlowException Refused(string why) => new(AwsErrorCode.AccessDeniedException,
        $"Cross-site requests are refused: {why}. A web page must not act on this server through its visitor's browser; "
        + "the AWS SDKs and the aws CLI send no such header, and the console works when opened at this server's own address.");

    /// <summary>
    /// The Origin names the host and port the request was sent to. The scheme is not compared: a proxy that
    /// terminates TLS in front of the server makes the browser's https the server's http. A Host without a
    /// port (a proxy's, or port 80) takes the Origin scheme's default port.
    /// </summary>
    private static bool IsOwn(string origin, HostString host)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https")
            || uri.AbsolutePath != "/"
            || !string.Equals(Unbracketed(uri.Host), Unbracketed(host.Host), StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return host.Port is { } port ? port == uri.Port : uri.IsDefaultPort;
    }

    private static string Unbracketed(string host) => host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
}
