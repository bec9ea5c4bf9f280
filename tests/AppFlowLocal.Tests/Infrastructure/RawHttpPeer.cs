using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace AppFlowLocal.Tests.Infrastructure;

/// <summary>
/// A Lambda endpoint that breaks HTTP on purpose, as a crashing proxy or a flaky network does: a raw
/// TCP listener on a free loopback port that reads each request whole, then writes scripted bytes and
/// closes the connection (FIN) or resets it (RST). Every connection it accepts is counted, so it also
/// serves as a redirect target that must see nothing.
/// </summary>
internal sealed partial class RawHttpPeer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentDictionary<string, RawReply> replies = new(StringComparer.Ordinal);
    private readonly RawReply defaultReply;
    private readonly Task accepting;
    private int connections;
    private long receivedBytes;

    /// <param name="defaultReply">The answer to a function without one of its own (default: an empty 404).</param>
    public RawHttpPeer(RawReply? defaultReply = null)
    {
        this.defaultReply = defaultReply ?? RawReply.Close("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        listener.Start();
        Endpoint = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture)}/");
        accepting = AcceptAsync();
    }

    public Uri Endpoint { get; }

    /// <summary>Connections accepted so far, whether or not a request came over them.</summary>
    public int Connections => Volatile.Read(ref connections);

    /// <summary>Bytes received over all connections.</summary>
    public long ReceivedBytes => Interlocked.Read(ref receivedBytes);

    /// <summary>What invocations of <paramref name="function"/> (its plain name, from the ARN in the path) are answered with.</summary>
    public void Answer(string function, RawReply reply) => replies[function] = reply;

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        try
        {
            await accepting;
        }
        catch (OperationCanceledException)
        {
            // Stopped while waiting for a connection, as intended.
        }

        stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptSocketAsync(stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref connections);
            _ = Task.Run(() => ServeAsync(socket));
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using (socket)
        {
            try
            {
                var target = await ReadRequestAsync(socket);
                var reply = FunctionName(target) is { } name && replies.TryGetValue(name, out var programmed) ? programmed : defaultReply;
                await socket.SendAsync(reply.Bytes, SocketFlags.None, stopping.Token);
                if (reply.EndsWithReset)
                {
                    // Let the client read what was sent first: some systems drop received data not yet read when a reset arrives.
                    await Task.Delay(TimeSpan.FromMilliseconds(100), stopping.Token);
                    socket.LingerState = new LingerOption(true, 0);
                }
                else
                {
                    socket.Shutdown(SocketShutdown.Send);
                }
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException or IOException or ObjectDisposedException)
            {
                // The client went away or the peer is stopping: nothing to answer.
            }
        }
    }

    /// <summary>Reads the request line, the headers and a Content-Length body; returns the request target.</summary>
    private async Task<string> ReadRequestAsync(Socket socket)
    {
        var received = new List<byte>();
        var buffer = new byte[8192];
        int headerEnd;
        while ((headerEnd = IndexOfHeaderEnd(received)) < 0)
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, stopping.Token);
            if (read == 0)
            {
                return "";
            }

            Interlocked.Add(ref receivedBytes, read);
            received.AddRange(buffer.AsSpan(0, read));
        }

        var head = Encoding.ASCII.GetString([.. received], 0, headerEnd);
        var length = ContentLength().Match(head) is { Success: true } match ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var bodyRead = received.Count - headerEnd - 4;
        while (bodyRead < length)
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, stopping.Token);
            if (read == 0)
            {
                break;
            }

            Interlocked.Add(ref receivedBytes, read);
            bodyRead += read;
        }

        var requestLine = head.Split("\r\n", 2)[0].Split(' ');
        return requestLine.Length > 1 ? requestLine[1] : "";
    }

    private static int IndexOfHeaderEnd(List<byte> received)
    {
        for (var i = 0; i + 3 < received.Count; i++)
        {
            if (received[i] == '\r' && received[i + 1] == '\n' && received[i + 2] == '\r' && received[i + 3] == '\n')
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The function's plain name from <c>/2015-03-31/functions/{percent-encoded ARN}/invocations</c>.</summary>
    private static string? FunctionName(string target) =>
        InvokeTarget().Match(Uri.UnescapeDataString(target)) is { Success: true } match ? match.Groups[1].Value : null;

    [GeneratedRegex(@"^content-length:\s*(\d+)\s*$", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex ContentLength();

    [GeneratedRegex(@"/functions/(?:arn:[^/]*:function:)?([^:/]+)[^/]*/invocations")]
    private static partial Regex InvokeTarget();
}
