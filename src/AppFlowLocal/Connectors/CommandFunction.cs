using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace AppFlowLocal.Connectors;

/// <summary>
/// A connector function that is a local process (<c>cmd:&lt;command line&gt;</c>): the event JSON on its
/// stdin, the response JSON on its stdout, as the Lambda runtime hands a handler its event and takes
/// its return value. The command line is run by <c>/bin/sh -c</c>, so quoting and relative paths work
/// as typed in a shell (from the server's working directory).
/// </summary>
internal static class CommandFunction
{
    /// <summary>How much of stderr is kept for the error message: the end of a traceback is what says what happened.</summary>
    private const int StderrTailBytes = 16 * 1024;

    private const int StderrTailLines = 20;

    /// <param name="environment">The whole environment the process gets: nothing of the server's is inherited.</param>
    public static async Task<byte[]> InvokeAsync(
        LambdaFunctionArn function, string command, byte[] @event, IReadOnlyDictionary<string, string> environment,
        TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        start.Environment.Clear();
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception exception)
        {
            throw ConnectorFailure.Server($"Connector function {function} (cmd:{command}) could not be started: {exception.Message}.");
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var stdout = ReadStdoutAsync(process.StandardOutput.BaseStream);
        var stderr = ReadTailAsync(process.StandardError.BaseStream);
        try
        {
            await WriteEventAsync(process, @event, deadline.Token).ConfigureAwait(false);
            var exited = process.WaitForExitAsync(deadline.Token);

            // A function writing without end would never exit while stdout is not read: stop at the limit.
            if (await Task.WhenAny(exited, stdout).ConfigureAwait(false) == stdout && stdout.IsFaulted)
            {
                await stdout.ConfigureAwait(false);
            }

            await exited.ConfigureAwait(false);
            var payload = await stdout.WaitAsync(deadline.Token).ConfigureAwait(false);
            var errors = await stderr.WaitAsync(deadline.Token).ConfigureAwait(false);
            return Interpret(function, command, process.ExitCode, payload, errors);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Stop(process);
            throw ConnectorFailure.Server(
                $"Connector function {function} (cmd:{command}) timed out after {timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s (Lambda:Timeout); its processes were stopped.");
        }
        catch (PayloadTooLargeException)
        {
            Stop(process);
            throw ConnectorFailure.Server(
                $"Connector function {function} (cmd:{command}) wrote more than {LambdaInvoker.MaxPayloadBytes / (1024 * 1024)} MB, Lambda's limit for a synchronous response; its processes were stopped.");
        }
        finally
        {
            // Also on the caller's cancellation and any failure above: a function left running would
            // outlive the call that started it.
            Stop(process);
        }
    }

    private static byte[] Interpret(LambdaFunctionArn function, string command, int exitCode, byte[] payload, string stderr)
    {
        if (exitCode != 0)
        {
            throw ConnectorFailure.Server(
                $"Connector function {function} (cmd:{command}) failed with a function error: exit code {exitCode.ToString(CultureInfo.InvariantCulture)}{Stderr(stderr)}");
        }

        if (payload.AsSpan().Trim(" \t\r\n"u8).IsEmpty && stderr.Length > 0)
        {
            // A handler that raised but still exited 0 (a wrapper that swallows the status) wrote only its error.
            throw ConnectorFailure.Server(
                $"Connector function {function} (cmd:{command}) failed with a function error: it wrote nothing on stdout{Stderr(stderr)}");
        }

        return payload;
    }

    /// <summary>The last lines of stderr, joined with " | " so a traceback stays readable on the one line an error message has.</summary>
    private static string Stderr(string stderr)
    {
        var lines = stderr.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0).TakeLast(StderrTailLines).ToList();
        if (lines.Count == 0)
        {
            return " (nothing on stderr)";
        }

        // The end of the text is the part that matters; QuotedValue would keep the start.
        var text = string.Join(" | ", lines);
        return ": " + (text.Length <= ConnectorFailure.QuotedLength ? text : "..." + text[^ConnectorFailure.QuotedLength..]);
    }

    private static async Task WriteEventAsync(Process process, byte[] @event, CancellationToken cancellationToken)
    {
        // A function that exits without reading its event closes the pipe (writing or closing it then
        // fails): not an error of ours, and its exit code and output say the rest.
        try
        {
            await process.StandardInput.BaseStream.WriteAsync(@event, cancellationToken).ConfigureAwait(false);
            await process.StandardInput.BaseStream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException)
        {
        }

        try
        {
            process.StandardInput.Close();
        }
        catch (IOException)
        {
        }
    }

    private static async Task<byte[]> ReadStdoutAsync(Stream stream)
    {
        using var payload = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            if (payload.Length + read > LambdaInvoker.MaxPayloadBytes)
            {
                throw new PayloadTooLargeException();
            }

            payload.Write(buffer, 0, read);
        }

        return payload.ToArray();
    }

    private static async Task<string> ReadTailAsync(Stream stream)
    {
        var tail = new List<byte>();
        var buffer = new byte[8192];
        int read;
        while ((read = await stream.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            tail.AddRange(buffer.AsSpan(0, read));
            if (tail.Count > 2 * StderrTailBytes)
            {
                tail.RemoveRange(0, tail.Count - StderrTailBytes);
            }
        }

        return Encoding.UTF8.GetString(tail.Count > StderrTailBytes ? tail.GetRange(tail.Count - StderrTailBytes, StderrTailBytes).ToArray() : tail.ToArray());
    }

    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
    }

    private sealed class PayloadTooLargeException : Exception;
}
