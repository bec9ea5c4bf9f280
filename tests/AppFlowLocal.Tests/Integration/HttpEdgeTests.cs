using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using AppFlowLocal.Tests.Infrastructure;

namespace AppFlowLocal.Tests.Integration;

/// <summary>
/// Requests broken at the HTTP level, sent as raw bytes. Those Kestrel hands to the application (the
/// body is read by the application) are AWS-shaped errors with a request id; those Kestrel refuses while
/// reading the request line and headers never reach the application and stay Kestrel's own, as the
/// README documents. No response carries a Server header: AWS sends none.
/// </summary>
public abstract class HttpEdgeTests(ServerFixture fixture)
{
    private const string Headers = "Host: localhost\r\nContent-Type: application/x-amz-json-1.1\r\nConnection: close\r\n";

    [Fact]
    public async Task Bad_chunk_framing_in_the_body_is_an_aws_shaped_serialization_error()
    {
        var response = await SendAsync($"POST /list-connectors HTTP/1.1\r\n{Headers}Transfer-Encoding: chunked\r\n\r\nzz\r\n{{}}\r\n0\r\n\r\n");

        response.AssertAwsError(400, "SerializationException", "Bad chunk size data.");
    }

    [Fact]
    public async Task A_chunked_body_over_the_size_limit_is_an_aws_shaped_serialization_error_naming_the_limit()
    {
        var chunk = new string(' ', 64 * 1024);
        var body = new StringBuilder();
        for (var i = 0; i < 5; i++)
        {
            body.Append($"{chunk.Length:x}\r\n{chunk}\r\n");
        }

        var response = await SendAsync($"POST /list-connectors HTTP/1.1\r\n{Headers}Transfer-Encoding: chunked\r\n\r\n{body}0\r\n\r\n");

        response.AssertAwsError(400, "SerializationException", "The request body is larger than 262144 bytes.");
    }

    [Fact]
    public async Task A_GET_on_an_operation_route_is_an_aws_shaped_unknown_operation()
    {
        var response = await SendAsync($"GET /list-connectors HTTP/1.1\r\n{Headers}\r\n");

        response.AssertAwsError(404, "UnknownOperationException", "No operation is served at GET /list-connectors.");
    }

    /// <summary>Kestrel's usual limits, enforced by the application: the refusal is AWS-shaped, with a request id.</summary>
    [Theory]
    [InlineData("URL over 8 KB", 9000, 0, 414, "RequestUriTooLongException", "The request line is")]
    [InlineData("headers over 32 KB", 0, 33 * 1024, 431, "RequestHeaderFieldsTooLargeException", "The request's headers are")]
    public async Task A_request_line_or_headers_over_the_usual_limits_get_an_aws_shaped_refusal(string what, int path, int header, int status, string code, string message)
    {
        var target = path > 0 ? "/" + new string('a', path) : "/list-connectors";
        var big = header > 0 ? $"X-Big: {new string('a', header)}\r\n" : "";
        var response = await SendAsync($"POST {target} HTTP/1.1\r\n{Headers}{big}Content-Length: 2\r\n\r\n{{}}");

        Assert.True(status == response.Status, $"{what}: {response.Raw}");
        Assert.Equal(code, response.Headers.GetValueOrDefault("x-amzn-ErrorType"));
        Assert.True(Guid.TryParse(response.Headers.GetValueOrDefault("x-amzn-RequestId"), out _), response.Raw);
        Assert.StartsWith(message, JsonDocument.Parse(response.Body).RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Successful_responses_carry_no_server_header()
    {
        var response = await SendAsync($"POST /list-connectors HTTP/1.1\r\n{Headers}Content-Length: 2\r\n\r\n{{}}");

        Assert.Equal(200, response.Status);
        Assert.True(response.Headers.ContainsKey("x-amzn-RequestId"));
        Assert.False(response.Headers.ContainsKey("Server"), response.Raw);
    }

    /// <summary>The refusals the README lists as Kestrel's own: a status, no body, no request id, and the connection closed.</summary>
    [Theory]
    [InlineData("malformed request line", "GARBAGE\r\n\r\n", 400)]
    [InlineData("header line without a colon", "POST /list-connectors HTTP/1.1\r\nHost: localhost\r\nNot a header\r\n\r\n", 400)]
    [InlineData("no Host header", "POST /list-connectors HTTP/1.1\r\nContent-Length: 0\r\n\r\n", 400)]
    [InlineData("unparsable Content-Length", "POST /list-connectors HTTP/1.1\r\nHost: localhost\r\nContent-Length: abc\r\n\r\n", 400)]
    [InlineData("Content-Length twice", "POST /list-connectors HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}", 400)]
    [InlineData("unsupported Transfer-Encoding", "POST /list-connectors HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: gzip\r\n\r\n", 400)]
    [InlineData("HTTP/1.0 POST without Content-Length", "POST /list-connectors HTTP/1.0\r\n\r\n", 400)]
    [InlineData("URL over 64 KB", "POST /{huge} HTTP/1.1\r\nHost: localhost\r\n\r\n", 414)]
    [InlineData("headers over 64 KB", "POST /list-connectors HTTP/1.1\r\nHost: localhost\r\nX-Big: {huge}\r\n\r\n", 431)]
    [InlineData("unknown HTTP version", "POST /list-connectors HTTP/1.2\r\nHost: localhost\r\n\r\n", 505)]
    public async Task Requests_refused_before_the_application_are_kestrels_own_bare_responses(string what, string request, int status)
    {
        var response = await SendAsync(request.Replace("{long}", new string('a', 9000), StringComparison.Ordinal)
            .Replace("{huge}", new string('a', 65 * 1024), StringComparison.Ordinal));

        Assert.True(status == response.Status, $"{what}: {response.Raw}");
        Assert.Equal("0", response.Headers.GetValueOrDefault("Content-Length"));
        Assert.Equal("close", response.Headers.GetValueOrDefault("Connection"));
        Assert.Equal("", response.Body);
        Assert.False(response.Headers.ContainsKey("x-amzn-RequestId"), what);
        Assert.False(response.Headers.ContainsKey("Server"), $"{what}: {response.Raw}");
    }

    private async Task<RawResponse> SendAsync(string request)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(fixture.Server.BaseAddress.Host, fixture.Server.BaseAddress.Port);
        await socket.SendAsync(Encoding.ASCII.GetBytes(request));

        // Every request asks for (or gets) a closed connection after the response: read until then.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
        {
            received.Write(buffer, 0, read);
        }

        return RawResponse.Parse(Encoding.UTF8.GetString(received.ToArray()));
    }

    private sealed record RawResponse(int Status, Dictionary<string, string> Headers, string Body, string Raw)
    {
        public static RawResponse Parse(string raw)
        {
            var split = raw.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            Assert.True(split > 0, $"No complete response: {raw}");
            var lines = raw[..split].Split("\r\n");
            var headers = lines.Skip(1).Select(line => line.Split(':', 2)).ToDictionary(
                parts => parts[0], parts => parts[1].Trim(), StringComparer.OrdinalIgnoreCase);
            var body = raw[(split + 4)..];
            if (headers.GetValueOrDefault("Transfer-Encoding") == "chunked")
            {
                body = Unchunk(body);
            }

            return new RawResponse(int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), headers, body, raw);
        }

        public void AssertAwsError(int status, string code, string message)
        {
            Assert.True(status == Status, Raw);
            Assert.Equal(code, Headers.GetValueOrDefault("x-amzn-ErrorType"));
            Assert.True(Guid.TryParse(Headers.GetValueOrDefault("x-amzn-RequestId"), out _), Raw);
            Assert.Equal("application/json", Headers.GetValueOrDefault("Content-Type"));
            Assert.Equal(message, JsonDocument.Parse(Body).RootElement.GetProperty("message").GetString());
            Assert.False(Headers.ContainsKey("Server"), Raw);
        }

        private static string Unchunk(string chunked)
        {
            var body = new StringBuilder();
            var position = 0;
            while (true)
            {
                var end = chunked.IndexOf("\r\n", position, StringComparison.Ordinal);
                var size = Convert.ToInt32(chunked[position..end], 16);
                if (size == 0)
                {
                    return body.ToString();
                }

                body.Append(chunked, end + 2, size);
                position = end + 2 + size + 2;
            }
        }
    }

    /// <summary>On SQLite.</summary>
    public sealed class OnSqlite(ServerFixture fixture) : HttpEdgeTests(fixture), IClassFixture<ServerFixture>;

    /// <summary>On PostgreSQL.</summary>
    public sealed class OnPostgres(ServerFixture.OnPostgres fixture) : HttpEdgeTests(fixture), IClassFixture<ServerFixture.OnPostgres>;
}
