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

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > RestJson.MaxBodyBytes)
            {
                throw TooLarge();
            }

            buffer.Write(chunk, 0, read);
        }

        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        context.Features.Set(new BufferedBody(bytes));
        return bytes;
    }

    private static AppFlowException TooLarge() =>
        new(AwsErrorCode.SerializationException, $"The request body is larger than {RestJson.MaxBodyBytes} bytes.");
}
