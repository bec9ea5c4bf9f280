using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace AppFlowLocal.Bench;

/// <summary>A built server (AppFlow Local, the Lambda stand-in, the ceiling) run as its own process on a free loopback port.</summary>
internal sealed partial class ServiceProcess : IAsyncDisposable
{
    private readonly Process process;

    private ServiceProcess(Process process, Uri address)
    {
        this.process = process;
        Address = address;
    }

    public Uri Address { get; }

    /// <param name="command">The assembly to run with <c>dotnet</c>, and any arguments that must come first.</param>
    public static async Task<ServiceProcess> StartAsync(string[] command, string[]? arguments = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        foreach (var argument in (string[])[.. command, "--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information", .. arguments ?? []])
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {command[0]}.");
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null && Listening().Match(e.Data) is { Success: true } match)
            {
                listening.TrySetResult(new Uri(match.Groups[1].Value));
            }
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine(e.Data); } };
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"{command[0]} exited before it listened."));
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ServiceProcess(process, await listening.Task.WaitAsync(TimeSpan.FromSeconds(60)));
    }

    /// <summary>The process's resident set, from /proc (Linux), in megabytes.</summary>
    public double ResidentMegabytes() => ResidentMegabytes(process.Id);

    public static double ResidentMegabytes(int processId)
    {
        foreach (var line in File.ReadLines($"/proc/{processId}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
            }
        }

        return double.NaN;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync();
        process.Dispose();
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex Listening();
}
