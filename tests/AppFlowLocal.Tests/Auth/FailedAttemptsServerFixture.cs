using System.Net;
using System.Net.Sockets;
using AppFlowLocal.Tests.Infrastructure;

namespace AppFlowLocal.Tests.Auth;

/// <summary>
/// The real server in sigv4 mode with small failure budgets that do not refill while a test runs, so a
/// test counts refusals rather than racing a clock; and clients that connect from chosen loopback addresses.
/// </summary>
public sealed class FailedAttemptsServerFixture : ServerFixture
{
    internal const int PerSource = 3;
    internal const int PerAccessKey = 2;

    protected override IEnumerable<string> Settings =>
    [
        .. SigV4Callers.Settings(Directory),
        $"--Auth:FailedAttempts:PerSource={PerSource}",
        $"--Auth:FailedAttempts:PerAccessKey={PerAccessKey}",
        "--Auth:FailedAttempts:RefillPerMinute=0.000001",
    ];

    /// <summary>A client whose connections come from 127.0.0.<paramref name="host"/> (all of 127/8 is this machine's), without cookies or redirects.</summary>
    internal HttpClient From(int host)
    {
        var local = new IPAddress([127, 0, 0, (byte)host]);
        return new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(local, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        })
        { BaseAddress = Server.BaseAddress };
    }
}
