using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace AppFlowLocal.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL cluster for the tests: initdb into a temporary folder, postgres on a free
/// loopback port with its socket in that folder. A watchdog shell outlives nothing: when the test
/// process ends, even by kill -9, it stops the cluster and deletes the folder. With
/// APPFLOW_TEST_POSTGRES set (an Npgsql connection string) the suite uses that server instead.
/// PostgreSQL refuses to run as root: as root, its programs run as the machine's postgres user.
/// </summary>
internal sealed class PostgresCluster : IAsyncDisposable
{
    private static readonly Lazy<Task<PostgresCluster>> SharedCluster = new(() => StartAsync());

    private readonly string? directory;
    private readonly Process? watchdog;

    private PostgresCluster(string adminConnectionString, string? directory, int port, Process? watchdog)
    {
        AdminConnectionString = adminConnectionString;
        this.directory = directory;
        Port = port;
        this.watchdog = watchdog;
    }

    /// <summary>The cluster the whole test run shares (each fixture creates its own database in it).</summary>
    public static Task<PostgresCluster> Shared => SharedCluster.Value;

    public string AdminConnectionString { get; }

    public int Port { get; }

    private string DataDirectory => Path.Combine(directory!, "data");

    private static bool IsRoot => Environment.UserName == "root";

    /// <summary>A cluster of its own (for a test that stops and starts it), or the shared external one when configured.</summary>
    public static async Task<PostgresCluster> StartAsync(bool own = false)
    {
        var external = Environment.GetEnvironmentVariable("APPFLOW_TEST_POSTGRES");
        if (!string.IsNullOrEmpty(external) && !own)
        {
            return new PostgresCluster(external, null, new NpgsqlConnectionStringBuilder(external).Port, null);
        }

        var directory = Directory.CreateTempSubdirectory("appflow-pg-").FullName;
        var port = FreePort();
        if (IsRoot)
        {
            await RunAsync("chown", ["-R", "postgres:postgres", directory]);
        }

        // The watchdog first, so a test process that dies from here on leaves nothing behind.
        var pid = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var watchdog = Process.Start(new ProcessStartInfo("bash")
        {
            ArgumentList =
            {
                "-c",
                "while kill -0 \"$1\" 2>/dev/null; do sleep 1; done; " +
                (IsRoot ? "runuser -u postgres -- " : "") + "pg_ctl stop -D \"$2/data\" -m immediate >/dev/null 2>&1; rm -rf \"$2\"",
                "watchdog", pid, directory,
            },
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;

        var cluster = new PostgresCluster(
            $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false;Timeout=5", directory, port, watchdog);
        await AsPostgresAsync("initdb", ["-D", cluster.DataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
        await cluster.StartServerAsync();
        return cluster;
    }

    /// <summary>A new empty database on this cluster; returns the server's connection string for it.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "appflow_" + Guid.NewGuid().ToString("N");
        await ExecuteAsync($"CREATE DATABASE {name};");
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, Pooling = true, Timeout = 15 }.ConnectionString;
    }

    public async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE);");
    }

    /// <summary>Starts (or starts again) the cluster's server and waits until it takes connections.</summary>
    public async Task StartServerAsync()
    {
        // fsync off: a test cluster only loses data on an OS crash, which ends the test run anyway.
        await AsPostgresAsync("pg_ctl", ["start", "-w", "-D", DataDirectory, "-l", Path.Combine(directory!, "server.log"), "-o",
            $"-p {Port} -c listen_addresses=127.0.0.1 -k {directory} -c fsync=off -c full_page_writes=off -c max_connections=400"]);
    }

    /// <summary>Stops the server (fast shutdown: open connections are cut).</summary>
    public Task StopServerAsync() => AsPostgresAsync("pg_ctl", ["stop", "-w", "-D", DataDirectory, "-m", "fast"]);

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (directory is null)
        {
            return;
        }

        await AsPostgresAsync("pg_ctl", ["stop", "-D", DataDirectory, "-m", "immediate"], check: false);
        if (watchdog is not null)
        {
            watchdog.Kill();
            watchdog.Dispose();
        }

        Directory.Delete(directory, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Task AsPostgresAsync(string program, IReadOnlyList<string> arguments, bool check = true) =>
        IsRoot ? RunAsync("runuser", ["-u", "postgres", "--", program, .. arguments], check) : RunAsync(program, arguments, check);

    private static async Task RunAsync(string program, IReadOnlyList<string> arguments, bool check = true)
    {
        var result = await ExternalProcess.RunAsync(program, arguments, timeout: TimeSpan.FromSeconds(60), workingDirectory: Path.GetTempPath());
        if (check && result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({result.ExitCode}):\n{result.StandardOutput}\n{result.StandardError}");
        }
    }
}
