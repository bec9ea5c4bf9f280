using AppFlowLocal.Connectors;
using LambdaStandIn;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AppFlowLocal.Tests.Connectors;

/// <summary>One Lambda stand-in per test class, a real HTTP server on a free loopback port.</summary>
public sealed class StandInFixture : IAsyncLifetime
{
    public const string AccessKeyId = "AKIDEXAMPLE";
    public const string SecretAccessKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    private LambdaStandInServer? server;
    private int nextFunction;

    public LambdaStandInServer Server => server ?? throw new InvalidOperationException("The stand-in has not started.");

    public FunctionCatalog Functions => Server.Functions;

    /// <summary>Built as production builds it (the same handler, no client-side timeout), so the tests test that configuration.</summary>
    internal HttpClient Client { get; } = new(ConnectorInvocationServiceCollectionExtensions.CreateLambdaHandler()) { Timeout = Timeout.InfiniteTimeSpan };

    public static string Arn(string function, string region = "us-east-1") => $"arn:aws:lambda:{region}:123456789012:function:{function}";

    /// <summary>A function name no other test uses, so its invocation count is its own.</summary>
    public string NewName(string purpose) => $"{purpose}-{Interlocked.Increment(ref nextFunction)}";

    internal LambdaInvoker Invoker(
        TimeSpan? timeout = null,
        string? endpoint = null,
        bool signed = true,
        string? sessionToken = null,
        IReadOnlyDictionary<string, string>? environment = null) =>
        new(Client,
            Options.Create(new LambdaOptions
            {
                Endpoint = endpoint ?? Server.Endpoint.ToString(),
                AccessKeyId = signed ? AccessKeyId : null,
                SecretAccessKey = signed ? SecretAccessKey : null,
                SessionToken = sessionToken,
                Timeout = timeout ?? TimeSpan.FromSeconds(10),
            }),
            TimeProvider.System,
            NullLogger<LambdaInvoker>.Instance)
        {
            EnvironmentVariables = name => environment?.GetValueOrDefault(name),
        };

    public async Task InitializeAsync()
    {
        server = await LambdaStandInServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}
