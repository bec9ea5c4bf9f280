using AppFlowLocal.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using SampleConnector.Hosting;

namespace AppFlowLocal.Tests.Samples;

/// <summary>
/// The real server with the samples bound every way a connector author binds them: the C# sample as a
/// <c>cmd:</c> function and as an <c>http://</c> function, the Python SDK adapter as a <c>cmd:</c> function,
/// and the C# sample's endpoint as <c>Lambda:Endpoint</c> for every other function.
/// </summary>
public sealed class SampleConnectorRegistrationFixture : ServerFixture, IAsyncLifetime
{
    public const string ByCommand = "sample-crm-cmd";
    public const string ByUrl = "sample-crm-http";
    public const string ThroughEndpoint = "sample-crm";
    public const string PythonByCommand = "python-sdk-cmd";
    public const string PythonBroken = "python-sdk-broken";

    private WebApplication? sample;

    internal Uri SampleEndpoint { get; private set; } = null!;

    internal static string Adapter => Path.Combine(RepositoryPaths.Root, "samples", "PythonSdkAdapter", "appflow_cmd_adapter.py");

    internal static string PythonStandIn => Path.Combine(RepositoryPaths.Root, "tests", "AppFlowLocal.Tests", "Samples", "PythonStandIn");

    protected override IEnumerable<string> Settings =>
    [
        $"--Lambda:Endpoint={SampleEndpoint}",
        // A cmd: function starts a process per invocation: allow for a machine busy with other builds.
        "--Lambda:Timeout=30s",
        $"--Lambda:Functions:{ByCommand}=cmd:dotnet {SampleConnectorHostingTests.Assembly} --stdin",
        $"--Lambda:Functions:{ByUrl}={SampleEndpoint}",
        $"--Lambda:Functions:{PythonByCommand}=cmd:python3 {Adapter} --path {PythonStandIn} stand_in_sdk_connector.lambda_handler",
        $"--Lambda:Functions:{PythonBroken}=cmd:python3 {Adapter} --path {PythonStandIn} stand_in_sdk_connector.no_such_handler",
        "--Lambda:FunctionEnvironment:PYTHONDONTWRITEBYTECODE=1",
    ];

    internal override async Task BeforeServerStartsAsync() => (sample, SampleEndpoint) = await InvokeEndpoint.StartAsync();

    /// <summary>Stops the sample after the server (ServerFixture's own disposal is not virtual).</summary>
    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (sample is not null)
        {
            await sample.StopAsync();
            await sample.DisposeAsync();
        }
    }
}
