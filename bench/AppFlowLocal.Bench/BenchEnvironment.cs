using System.Globalization;
using System.Text;

namespace AppFlowLocal.Bench;

/// <summary>
/// What every bench command shares: the built assemblies, a temp folder, the Lambda stand-in, and
/// AppFlow Local servers on either provider. Each run uses an account of its own, so runs against one
/// PostgreSQL database never meet each other's connectors.
/// </summary>
internal sealed class BenchEnvironment : IAsyncDisposable
{
    private readonly List<ServiceProcess> processes = [];

    private BenchEnvironment(string root, string configuration, ServiceProcess standIn, string? account)
    {
        Root = root;
        Configuration = configuration;
        StandIn = standIn;
        processes.Add(standIn);
        Directory = System.IO.Directory.CreateTempSubdirectory("appflow-bench-").FullName;
        Account = account ?? Random.Shared.NextInt64(100_000_000_000, 999_999_999_998).ToString(CultureInfo.InvariantCulture);
        FunctionArn = $"arn:aws:lambda:us-east-1:{Account}:function:python-sdk-connector";
    }

    public string Root { get; }

    public string Configuration { get; }

    public string Directory { get; }

    public ServiceProcess StandIn { get; }

    public string Account { get; }

    public string FunctionArn { get; }

    public string ServerAssembly => Path.Combine(Root, "src", "AppFlowLocal", "bin", Configuration, "net10.0", "AppFlowLocal.dll");

    public string[] LambdaArguments => [$"--Lambda:Endpoint={StandIn.Address}", "--Lambda:AccessKeyId=AKIDBENCH", "--Lambda:SecretAccessKey=bench"];

    public static async Task<BenchEnvironment> StartAsync(string? account = null)
    {
        var root = FindRoot();
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var standIn = await ServiceProcess.StartAsync([Path.Combine(root, "samples", "LambdaStandIn", "bin", configuration, "net10.0", "LambdaStandIn.dll")]);
        return new BenchEnvironment(root, configuration, standIn, account);
    }

    /// <summary>An AppFlow Local server on the provider ("sqlite" gets a fresh database file).</summary>
    public async Task<ServiceProcess> ServerAsync(string provider, string? postgres, params string[] extra)
    {
        string[] storage = provider == "postgres"
            ? ["--Storage:Provider=Postgres", $"--Storage:ConnectionString={postgres}"]
            : [$"--Storage:ConnectionString=Data Source={Path.Combine(Directory, $"bench-{processes.Count}.db")}"];
        var server = await ServiceProcess.StartAsync([ServerAssembly], [.. storage, .. LambdaArguments, "--Registry:MaxConnectorsPerAccount=1000000", .. extra]);
        processes.Add(server);
        return server;
    }

    /// <summary>A bare Kestrel app answering every POST with these bytes (the ceiling).</summary>
    public async Task<ServiceProcess> CeilingAsync(byte[] body)
    {
        var file = Path.Combine(Directory, "ceiling.json");
        await File.WriteAllBytesAsync(file, body);
        // With the garbage collector an ASP.NET Core project gets by default (server GC), as AppFlow Local runs.
        var ceiling = await ServiceProcess.StartAsync([Path.Combine(AppContext.BaseDirectory, "AppFlowLocal.Bench.dll"), CeilingServer.Command, file],
            environment: new Dictionary<string, string> { ["DOTNET_gcServer"] = "1" });
        processes.Add(ceiling);
        return ceiling;
    }

    /// <summary>Registers <paramref name="count"/> connectors named prefix-00000... in the account, <paramref name="clients"/> at a time.</summary>
    public async Task SeedAsync(ServiceProcess server, string prefix, int count, string? account = null, int clients = 16)
    {
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients }) { Timeout = TimeSpan.FromMinutes(2) };
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = clients }, async (i, cancellationToken) =>
        {
            using var response = await client.SendAsync(Post(server.Address, "/register-connector", Register($"{prefix}-{i:D6}", null), account), cancellationToken);
            response.EnsureSuccessStatusCode();
        });
    }

    public string Register(string label, string? token)
    {
        var tokenMember = token is null ? "" : $",\"clientToken\":\"{token}\"";
        return $"{{\"connectorLabel\":\"{label}\",\"connectorProvisioningConfig\":{{\"lambda\":{{\"lambdaArn\":\"{FunctionArn}\"}}}}{tokenMember}}}";
    }

    /// <summary>A request as the SDKs send one in open mode: the account is read from the credential scope.</summary>
    public HttpRequestMessage Post(Uri baseAddress, string path, string json, string? account = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseAddress, path)) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential={account ?? Account}/20261123/us-east-1/appflow/aws4_request, SignedHeaders=host, Signature=00");
        return request;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in Enumerable.Reverse(processes))
        {
            await process.DisposeAsync();
        }

        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AppFlowLocal.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Run the bench from inside the AppFlow Local checkout.");
    }
}
