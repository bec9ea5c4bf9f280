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

    private static readonly TimeSpan MaxDrainPause = TimeSpan.FromMilliseconds(50);

    /// <param name="environment">The whole environment the process gets: nothing of the server's is inherited.</param>
    /// <param name="timeout">Lambda:Timeout, for the whole call.</param>
    /// <param name="waited">How much of <paramref name="timeout"/> the call spent waiting for its turn (<see cref="CommandSlots"/>):
    /// the whole call stays within Lambda:Timeout, which token leases and a graceful stop count on.</param>
    /// <remarks>
    /// Messages name the function, never its command line: arguments may hold tokens, and any caller
    /// of any account reads the message. <see cref="LambdaInvoker"/> logs the command with the failure.
    /// </remarks>
    public static async Task<byte[]> InvokeAsync(
        LambdaFunctionArn function, string command, byte[] @event, IReadOnlyDictionary<string, string> environment,
        TimeSpan timeout, TimeSpan waited, CancellationToken cancellationToken)
    {
        var start = ProcessGroup.Start(command);
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
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
            throw ConnectorFailure.Server($"Connector function {function} could not be started: {exception.Message}.");
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(waited < timeout ? timeout - waited : TimeSpan.Zero);

        // Reading stops at the end of the pipe, or once the function has exited and the pipe holds nothing
        // more: a process that left the group may hold it open for ever.
        using var stopReading = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
        var stdoutStream = process.StandardOutput.BaseStream;
        var stderrStream = process.StandardError.BaseStream;
        var stdout = ReadStdoutAsync(stdoutStream, stopReading.Token);
        var stderr = ReadTailAsync(stderrStream, stopReading.Token);
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

            // The function has answered. What it started in the background is not part of the answer,
            // and must not outlive the call (nor hold its stdout open until the deadline).
            ProcessGroup.KillAll(process);
            await DrainAsync([(stdoutStream, stdout), (stderrStream, stderr)], stopReading, deadline.Token).ConfigureAwait(false);
            var payload = await stdout.ConfigureAwait(false);
            var errors = await stderr.ConfigureAwait(false);
            return Interpret(function, process.ExitCode, payload, errors);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            ProcessGroup.KillAll(process);
            throw ConnectorFailure.Server(
                $"Connector function {function} timed out after {timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s (Lambda:Timeout); its processes were stopped.");
        }
        catch (PayloadTooLargeException)
        {
            ProcessGroup.KillAll(process);
            throw ConnectorFailure.Server(
                $"Connector function {function} wrote more than {LambdaInvoker.MaxPayloadBytes / (1024 * 1024)} MB, Lambda's limit for a synchronous response; its processes were stopped.");
        }
        finally
        {
            // Also on the caller's cancellation and any failure above: a function left running would
            // outlive the call that started it.
            ProcessGroup.KillAll(process);
            await stopReading.CancelAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Waits for the readers of a function that has exited, and its group with it: each ends at the end
    /// of its pipe, or is stopped once its pipe holds nothing (a writer outside the group keeps it open).
    /// </summary>
    private static async Task DrainAsync((Stream Stream, Task Reader)[] pipes, CancellationTokenSource stopReading, CancellationToken deadline)
    {
        var pause = TimeSpan.FromMilliseconds(1);
        while (pipes.Any(pipe => !pipe.Reader.IsCompleted))
        {
            // Everything the group wrote is in the pipes by now. Once they hold nothing the rest can only
            // come from outside the group; unknown (no FIONREAD) waits for the end of the pipe or the deadline.
            if (pipes.All(pipe => pipe.Reader.IsCompleted || ProcessGroup.Buffered(pipe.Stream) == 0))
            {
                await stopReading.CancelAsync().ConfigureAwait(false);
                break;
            }

            await Task.WhenAny(Task.WhenAll(pipes.Select(pipe => pipe.Reader)), Task.Delay(pause, deadline)).ConfigureAwait(false);
            deadline.ThrowIfCancellationRequested();
            pause = pause * 2 < MaxDrainPause ? pause * 2 : MaxDrainPause;
        }

        await Task.WhenAll(pipes.Select(pipe => pipe.Reader)).ConfigureAwait(false);
    }

    private static byte[] Interpret(LambdaFunctionArn function, int exitCode, byte[] payload, string stderr)
    {
        if (exitCode != 0)
        {
            throw ConnectorFailure.Server(
                $"Connector function {function} failed with a function error: exit code {exitCode.ToString(CultureInfo.InvariantCulture)}{Stderr(stderr)}");
        }

        if (payload.AsSpan().Trim(" \t\r\n"u8).IsEmpty && stderr.Length > 0)
        {
            // A handler that raised but still exited 0 (a wrapper that swallows the status) wrote only its error.
            throw ConnectorFailure.Server(
                $"Connector function {function} failed with a function error: it wrote nothing on stdout{Stderr(stderr)}");
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

    /// <summary>Reads until the end of the pipe or <paramref name="stop"/>; what was read by then is the payload.</summary>
    private static async Task<byte[]> ReadStdoutAsync(Stream stream, CancellationToken stop)
    {
        using var payload = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await ReadOrStopAsync(stream, buffer, stop).ConfigureAwait(false)) > 0)
        {
            if (payload.Length + read > LambdaInvoker.MaxPayloadBytes)
            {
                throw new PayloadTooLargeException();
            }

            payload.Write(buffer, 0, read);
        }

        return payload.ToArray();
    }

    private static async Task<string> ReadTailAsync(Stream stream, CancellationToken stop)
    {
        var tail = new List<byte>();
        var buffer = new byte[8192];
        int read;
        while ((read = await ReadOrStopAsync(stream, buffer, stop).ConfigureAwait(false)) > 0)
        {
            tail.AddRange(buffer.AsSpan(0, read));
            if (tail.Count > 2 * StderrTailBytes)
            {
                tail.RemoveRange(0, tail.Count - StderrTailBytes);
            }
        }

        return Encoding.UTF8.GetString(tail.Count > StderrTailBytes ? tail.GetRange(tail.Count - StderrTailBytes, StderrTailBytes).ToArray() : tail.ToArray());
    }

    /// <summary>A read that counts being stopped as the end of the pipe.</summary>
    private static async Task<int> ReadOrStopAsync(Stream stream, byte[] buffer, CancellationToken stop)
    {
        try
        {
            return await stream.ReadAsync(buffer, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return 0;
        }
    }

    private sealed class PayloadTooLargeException : Exception;
}
