using Microsoft.AspNetCore.Builder;
using AppFlowLocal.Tests.Infrastructure;
using SampleConnector.Hosting;

namespace AppFlowLocal.Tests.Samples;

/// <summary>The real server with its Lambda endpoint at the sample connector's Invoke endpoint.</summary>
public sealed class SampleConnectorRegistrationFixture : ServerFixture, IAsyncLifetime
{
    private WebApplication? sample;

    internal Uri SampleEndpoint { get; private set; } = null!;

    protected override IEnumerable<string> Settings => [$"--Lambda:Endpoint={SampleEndpoint}"];

    /// <summary>Starts the sample before the server, which is pointed at it.</summary>
    public new async Task InitializeAsync()
    {
        (sample, SampleEndpoint) = await InvokeEndpoint.StartAsync();
        await base.InitializeAsync();
    }

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
