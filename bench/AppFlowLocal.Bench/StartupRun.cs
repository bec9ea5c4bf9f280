using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace AppFlowLocal.Bench;

/// <summary>
/// From process start to the first answered request (a ListConnectors, polled every millisecond), and
/// the resident set two seconds later, idle: the JIT build run with <c>dotnet</c>, the same through
/// <c>dotnet run --no-build</c>, and a Native AOT publish when --aot names one. Median of five starts,
/// each on a fresh SQLite database.
/// </summary>
internal static class StartupRun
{
    private const int Starts = 5;

    public static async Task<int> RunAsync(BenchArguments arguments)
    {
        await using var environment = await BenchEnvironment.StartAsync();
        var variants = new List<(string Name, string File, string[] Arguments)>
        {
            ("JIT: dotnet AppFlowLocal.dll", "dotnet", [environment.ServerAssembly]),
            ("JIT: dotnet run --no-build", "dotnet", ["run", "--no-build", "-c", environment.Configuration, "--project", Path.Combine(environment.Root, "src", "AppFlowLocal"), "--"]),
        };
        if (arguments.Aot is { } aot)
        {
            variants.Add(("Native AOT", aot, []));
        }

        Console.WriteLine("| build | first answer ms (median of 5) | min | max | idle RSS MB (median) |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var (name, file, leading) in variants)
        {
            var times = new List<double>();
            var resident = new List<double>();
            for (var start = 0; start < Starts; start++)
            {
                var (milliseconds, megabytes) = await OnceAsync(environment, file, leading, start);
                times.Add(milliseconds);
                resident.Add(megabytes);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {SigV4Run.Median(times):0} | {times.Min():0} | {times.Max():0} | {SigV4Run.Median(resident):0.0} |"));
        }

        return 0;
    }

    private static async Task<(double Milliseconds, double Megabytes)> OnceAsync(BenchEnvironment environment, string file, string[] leading, int run)
    {
        var port = FreePort();
        var database = Path.Combine(environment.Directory, $"startup-{Guid.NewGuid():N}.db");
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])[.. leading, "--urls", $"http://127.0.0.1:{port}", $"--Storage:ConnectionString=Data Source={database}", .. environment.LambdaArguments])
        {
            start.ArgumentList.Add(argument);
        }

        using var client = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(1) });
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            while (true)
            {
                if (process.HasExited || clock.Elapsed > TimeSpan.FromSeconds(60))
                {
                    throw new InvalidOperationException($"{file} did not answer (run {run}).");
                }

                try
                {
                    using var response = await client.SendAsync(environment.Post(new Uri($"http://127.0.0.1:{port}"), "/list-connectors", "{}"));
                    if (response.IsSuccessStatusCode)
                    {
                        break;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }

                await Task.Delay(1);
            }

            var answered = clock.Elapsed.TotalMilliseconds;
            await Task.Delay(TimeSpan.FromSeconds(2));
            return (answered, ServiceProcess.ResidentMegabytes(ServerProcess(process)));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>The server itself: <c>dotnet run</c> starts it as a child, whose memory is what counts.</summary>
    private static int ServerProcess(Process process)
    {
        var children = $"/proc/{process.Id}/task/{process.Id}/children";
        var child = File.Exists(children) ? File.ReadAllText(children).Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() : null;
        return child is null ? process.Id : int.Parse(child, CultureInfo.InvariantCulture);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
