using System.Globalization;
using System.Text;

namespace AppFlowLocal.Tests.Infrastructure;

/// <summary>What a <see cref="RawHttpPeer"/> writes on a connection, byte for byte, and how it ends it.</summary>
internal sealed record RawReply(byte[] Bytes, bool EndsWithReset)
{
    /// <summary>Writes <paramref name="wire"/>, then closes the connection in order (FIN).</summary>
    public static RawReply Close(string wire) => new(Encoding.UTF8.GetBytes(wire), EndsWithReset: false);

    /// <summary>Writes <paramref name="wire"/>, then resets the connection (RST), as a crashed peer's kernel does.</summary>
    public static RawReply Reset(string wire) => new(Encoding.UTF8.GetBytes(wire), EndsWithReset: true);

    /// <summary>A well-formed Lambda answer: HTTP 200 with <paramref name="payload"/> as the function's result.</summary>
    public static RawReply Payload(string payload) => Close(
        $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(payload).ToString(CultureInfo.InvariantCulture)}\r\nConnection: close\r\n\r\n{payload}");

    /// <summary>A redirect with an empty body.</summary>
    public static RawReply Redirect(int status, string location) => Close(
        $"HTTP/1.1 {status.ToString(CultureInfo.InvariantCulture)} Redirect\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
}
