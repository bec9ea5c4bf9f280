namespace AppFlowLocal.Tests.Infrastructure;

/// <summary>
/// One Lambda stand-in (a real HTTP server speaking the Invoke API) and one real server process
/// over a fresh database, shared by a test class. Tests isolate themselves by account.
/// </summary>
public class ServerFixture : IAsyncLifetime
{
    internal LambdaStandInHost StandIn { get; private set; } = null!;

    internal AppFlowServer Server { get; private set; } = null!;

    internal HttpClient Client { get; private set; } = null!;

    internal string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("appflow-local-").FullName;

    internal string DatabasePath => Path.Combine(Directory, "registry.db");

    /// <summary>Settings a fixture adds on top of the defaults below.</summary>
    protected virtual IEnumerable<string> Settings => [];

    /// <summary>Environment variables the server process gets on top of the test process's own.</summary>
    protected virtual IReadOnlyDictionary<string, string> ServerEnvironment => new Dictionary<string, string>();

    /// <summary>What a fixture prepares once the Lambda stand-in runs and before the server starts.</summary>
    internal virtual Task BeforeServerStartsAsync() => Task.CompletedTask;

    internal IEnumerable<string> Arguments =>
    [
        $"--Storage:ConnectionString=Data Source={DatabasePath}",
        $"--Lambda:Endpoint={StandIn.Endpoint}",
        "--Lambda:AccessKeyId=AKIDAPPFLOWLOCAL",
        "--Lambda:SecretAccessKey=appflow-local-secret",
        "--Lambda:Timeout=00:00:02",
        .. Settings,
    ];

    internal AppFlowCaller NewCaller(string region = "us-east-1") => AppFlowCaller.InFreshAccount(Client, region);

    public async Task InitializeAsync()
    {
        StandIn = await LambdaStandInHost.StartAsync();
        await BeforeServerStartsAsync();
        await StartServerAsync();
    }

    /// <summary>Starts the server again over the same database (after a stop or a crash).</summary>
    internal async Task StartServerAsync()
    {
        Server = await AppFlowServer.StartAsync(Directory, Arguments, ServerEnvironment);
        Client?.Dispose();
        Client = Server.CreateClient();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        await StandIn.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
