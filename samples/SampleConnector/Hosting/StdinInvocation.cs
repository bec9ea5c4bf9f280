using SampleConnector.Handlers;

namespace SampleConnector.Hosting;

/// <summary>
/// The <c>--stdin</c> mode, for AppFlow Local's <c>cmd:</c> bindings: one event on stdin, its response on
/// stdout, exit 0; a handler failure is the exception with its stack trace on stderr and exit 1.
/// It reads no configuration, environment variable or working directory, so it runs the same under the
/// clean environment a <c>cmd:</c> binding gives it.
/// </summary>
internal static class StdinInvocation
{
    public const int HandlerFailed = 1;

    public static int Run(Stream input, Stream output, TextWriter error)
    {
        using var buffer = new MemoryStream();
        input.CopyTo(buffer);
        byte[] response;
        try
        {
            response = ConnectorFunction.Create().Invoke(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
        }
#pragma warning disable CA1031 // Any handler failure becomes the process's failure, as Lambda makes it a function error.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            error.WriteLine($"{exception.GetType().Name}: {exception.Message}");
            error.WriteLine(exception.StackTrace);
            error.Flush();
            return HandlerFailed;
        }

        output.Write(response);
        output.Flush();
        return 0;
    }
}
