using AppFlowLocal.Tests.Infrastructure;

namespace AppFlowLocal.Tests.Interop;

/// <summary>The interop server with the C# sample connector bound as an <c>http://</c> function.</summary>
public sealed class ConnectorProfileInteropFixture : InteropFixture, IAsyncLifetime
{
    public const string Sample = "sample-crm-interop";

    private SampleConnectorHost? sample;

    protected override IEnumerable<string> Settings => [$"--Lambda:Functions:{Sample}={sample!.Endpoint}"];

    internal static string SampleArn(string account) => $"arn:aws:lambda:us-east-1:{account}:function:{Sample}";

    internal override async Task BeforeServerStartsAsync() => sample = await SampleConnectorHost.StartAsync();

    /// <summary>Stops the sample after the server (ServerFixture's own disposal is not virtual).</summary>
    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (sample is not null)
        {
            await sample.DisposeAsync();
        }
    }
}
