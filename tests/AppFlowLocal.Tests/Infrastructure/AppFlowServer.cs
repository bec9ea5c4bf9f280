using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace AppFlowLocal.Tests.Infrastructure;

/// <summary>
/// The real server, as a separate process on a free loopback port (the OS picks it: --urls
/// http://127.0.0.1:0, and Kestrel prints where it listens).
/// </summary>
internal sealed partial class AppFlowServer : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly TaskCompletionSource<Uri> listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private AppFlowServer(Process process)
    {
        this.process = process;
    }

    public Uri BaseAddress { get; private set; } = null!;

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    public static async Task<AppFlowServer> StartAsync(string workingDirectory, IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var (file, leading) = RepositoryPaths.ServerCommand;
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in leading)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The server must not pick up the developer's or CI's real AWS credentials.
        start.Environment.Remove("AWS_ACCESS_KEY_ID");
        start.Environment.Remove("AWS_SECRET_ACCESS_KEY");
        start.Environment.Remove("AWS_SESSION_TOKEN");
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var server = new AppFlowServer(process);
        process.OutputDataReceived += (_, e) => server.Collect(e.Data);
        process.ErrorDataReceived += (_, e) => server.Collect(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => server.listening.TrySetException(new InvalidOperationException($"The server exited before listening:\n{server.Output}"));

        server.BaseAddress = await server.listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return server;
    }

    /// <summary>Starts a server that is expected to refuse to start; returns its exit code and output.</summary>
    public static async Task<ProcessResult> RunToExitAsync(string workingDirectory, IEnumerable<string> arguments) =>
        await ExternalProcess.RunAsync(RepositoryPaths.ServerCommand.File, [.. RepositoryPaths.ServerCommand.Arguments, "--urls", "http://127.0.0.1:0", .. arguments],
            workingDirectory: workingDirectory, timeout: TimeSpan.FromSeconds(60));

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>Waits until the server has printed <paramref name="text"/> (a log line is the event a test waits for); fails after a minute.</summary>
    public async Task WaitForOutputAsync(string text)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            Assert.False(patience.IsCancellationRequested, $"The server did not print '{text}':\n{Output}");
            await Task.Delay(20, CancellationToken.None);
        }
    }

    /// <summary>SIGTERM, as a service manager stops it; waits for a graceful exit.</summary>
    public async Task StopAsync()
    {
        if (!process.HasExited)
        {
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(timeout.Token);
        }
    }

    /// <summary>SIGKILL: the process gets no chance to flush anything.</summary>
    public async Task CrashAsync()
    {
        process.Kill();
        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private void Collect(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }

        var match = ListeningLine().Match(line);
        if (match.Success)
        {
            listening.TrySetResult(new Uri(match.Groups[1].Value));
        }
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();
}
