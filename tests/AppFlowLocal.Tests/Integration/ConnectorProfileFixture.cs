using AppFlowLocal.Tests.Infrastructure;

namespace AppFlowLocal.Tests.Integration;

/// <summary>
/// The real server with the C# sample connector bound as an <c>http://</c> function (<see cref="Sample"/>),
/// beside the Lambda stand-in for connectors that answer what a test programs.
/// </summary>
public class ConnectorProfileFixture : ServerFixture, IAsyncLifetime
{
    public const string Sample = "sample-crm-profiles";

    private SampleConnectorHost? sample;

    protected override IEnumerable<string> Settings =>
    [
        $"--Lambda:Functions:{Sample}={sample!.Endpoint}",

        // PostgreSQL has no database file to keep a generated key beside: nodes share a configured one.
        .. UsesPostgres ? ["--Secrets:Key=" + Convert.ToBase64String(new byte[32])] : Array.Empty<string>(),
    ];

    internal string SampleArn(string account) => $"arn:aws:lambda:us-east-1:{account}:function:{Sample}";

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

    /// <summary>The same server and settings over PostgreSQL.</summary>
    public new sealed class OnPostgres : ConnectorProfileFixture
    {
        internal override bool UsesPostgres => true;
    }
}
