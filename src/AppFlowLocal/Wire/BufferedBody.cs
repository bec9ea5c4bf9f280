using AppFlowLocal.Model;

namespace AppFlowLocal.Wire;

/// <summary>
/// The request body, read from the connection once and kept on the request: the signature check
/// hashes it and the operation parses it, and a stream can be read only once.
/// </summary>
internal sealed class BufferedBody
{
    private BufferedBody(ReadOnlyMemory<byte> bytes)
    {
        Bytes = bytes;
    }

    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>The body, read now if nothing has read it yet; over <see cref="RestJson.MaxBodyBytes"/> it is a SerializationException.</summary>
    public static async ValueTask<ReadOnlyMemory<byte>> ReadAsync(HttpContext context)
    {
        if (context.Features.Get<BufferedBody>() is { } buffered)
        {
            return buffered.Bytes;
        }

        var request = context.Request;
        if (request.ContentLength > RestJson.MaxBodyBytes)
        {
            throw TooLarge();
        }

        var bytes = request.ContentLength is { } length
            ? await ReadExactlyAsync(request.Body, (int)length, context.RequestAborted)
            : await ReadToEndAsync(request.Body, context.RequestAborted);
        context.Features.Set(new BufferedBody(bytes));
        return bytes;
    }

    /// <summary>
    /// A declared length is read into an array of that size: a request is a few hundred bytes, and a
    /// 16 KB read buffer per request was most of what a read operation allocated (bench/).
    /// </summary>
    private static async ValueTask<ReadOnlyMemory<byte>> ReadExactlyAsync(Stream body, int length, CancellationToken cancellationToken)
    {
        var bytes = new byte[length];
        var filled = 0;
        int read;
        while (filled < length && (read = await body.ReadAsync(bytes.AsMemory(filled), cancellationToken)) > 0)
        {
            filled += read;
        }

        // Kestrel refuses a body shorter than its Content-Length, and never hands over more than it.
        return bytes.AsMemory(0, filled);
    }

    private static async ValueTask<ReadOnlyMemory<byte>> ReadToEndAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = System.Buffers.ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > RestJson.MaxBodyBytes)
                {
                    throw TooLarge();
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    private static AppFlowException TooLarge() =>
        new(AwsErrorCode.SerializationException, $"The request body is larger than {RestJson.MaxBodyBytes} bytes.");
}
