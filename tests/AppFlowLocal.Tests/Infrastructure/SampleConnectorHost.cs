using Microsoft.AspNetCore.Builder;
using SampleConnector.Hosting;

namespace AppFlowLocal.Tests.Infrastructure;

/// <summary>The C# sample connector's own Invoke endpoint, in the test process, for a fixture to bind as an <c>http://</c> function.</summary>
internal sealed class SampleConnectorHost : IAsyncDisposable
{
    private readonly WebApplication sample;

    private SampleConnectorHost(WebApplication sample, Uri endpoint) => (this.sample, Endpoint) = (sample, endpoint);

    public Uri Endpoint { get; }

    public static async Task<SampleConnectorHost> StartAsync()
    {
        var (sample, endpoint) = await InvokeEndpoint.StartAsync();
        return new SampleConnectorHost(sample, endpoint);
    }

    public async ValueTask DisposeAsync()
    {
        await sample.StopAsync();
        await sample.DisposeAsync();
    }
}
