using System.Net;
using AppFlowLocal.Model;
using Microsoft.Extensions.Options;

namespace AppFlowLocal.Wire;

/// <summary>
/// In <c>open</c> mode, refuses a request whose Host names neither this machine's loopback nor a name in
/// <c>Auth:AllowedHosts</c>. A page at a name its author controls can point that name at 127.0.0.1 once the
/// page has loaded (DNS rebinding): its requests then reach this server as same-origin ones, under the
/// author's name, and read the answers. Only the Host header still tells: the browser sends the name of the page.
/// IP addresses are always answered, since no one can rebind an address, and so are <c>localhost</c> and
/// names under <c>.localhost</c>, which resolve to loopback without asking DNS. In <c>sigv4</c> mode nothing
/// is served without a configured secret (a signature, or the console's login, whose cookie a page at
/// another name never gets), so the name is not checked there: a shared server is reached under many names.
/// </summary>
internal sealed class HostNameCheck(RequestDelegate next, IOptions<AuthOptions> auth, IOptions<HostNameOptions> options)
{
    private readonly bool open = !auth.Value.RequiresSignature;
    // A name with a trailing dot is the same name, fully qualified: the entries are read that way once, not per request.
    private readonly string[] allowed = [.. options.Value.Entries.Select(entry => entry.EndsWith('.') ? entry[..^1] : entry)];

    public Task InvokeAsync(HttpContext context)
    {
        if (open && !Serves(context.Request.Host.Host))
        {
            throw new AppFlowException(AwsErrorCode.AccessDeniedException,
                $"Host {QuotedValue.Quote(context.Request.Host.Value ?? "")} is not a name of this server. In open mode it answers only to "
                + $"localhost, IP addresses and the names in {HostNameOptions.Setting}, so that a web page cannot reach it through "
                + $"a DNS name its author points at this machine. Add the name to {HostNameOptions.Setting} if it is yours.");
        }

        return next(context);
    }

    private bool Serves(string host)
    {
        // HTTP/1.0 may leave Host out; no browser does, and a browser is what this check is about.
        if (host.Length == 0)
        {
            return true;
        }

        var unbracketed = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        if (IPAddress.TryParse(unbracketed, out _))
        {
            return true;
        }

        // A name with a trailing dot is the same name, fully qualified.
        var name = host.EndsWith('.') ? host[..^1] : host;
        if (string.Equals(name, "localhost", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        foreach (var pattern in allowed)
        {
            if (pattern == "*"
                || string.Equals(name, pattern, StringComparison.OrdinalIgnoreCase)
                || (pattern.StartsWith("*.", StringComparison.Ordinal) && name.EndsWith(pattern[1..], StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }
}
