using AppFlowLocal.Tests.Infrastructure;

namespace AppFlowLocal.Tests.Integration;

/// <summary>
/// The real server with the C# sample connector bound as an <c>http://</c> function (<see cref="Sample"/>),
/// beside the Lambda stand-in for connectors that answer what a test programs, a local OAuth2 token endpoint
/// (<see cref="Tokens"/>), and the sample run as a <c>cmd:</c> function (<see cref="SampleByCommand"/>) that lists
/// <see cref="SampleTokenUrl"/> among its token URLs.
/// </summary>
public class ConnectorProfileFixture : ServerFixture, IAsyncLifetime
{
    public const string Sample = "sample-crm-profiles";

    public const string SampleByCommand = "sample-crm-command";

    private SampleConnectorHost? sample;

    internal TokenEndpointStandIn Tokens { get; private set; } = null!;

    /// <summary>The token URL the command-run sample lists; it grants <c>sample-access</c> and <c>sample-refresh</c>.</summary>
    internal string SampleTokenUrl { get; private set; } = null!;

    protected override IEnumerable<string> Settings =>
    [
        $"--Lambda:Functions:{Sample}={sample!.Endpoint}",
        $"--Lambda:Functions:{SampleByCommand}=cmd:dotnet {Samples.SampleConnectorHostingTests.Assembly} --stdin",
        $"--Lambda:FunctionEnvironment:SAMPLE_CRM_TOKEN_URL={SampleTokenUrl}",

        // A cmd: function starts a dotnet process per invocation: allow for a machine busy with other builds.
        "--Lambda:Timeout=30s",

        // PostgreSQL has no database file to keep a generated key beside: nodes share a configured one.
        .. UsesPostgres ? ["--Secrets:Key=" + Convert.ToBase64String(new byte[32])] : Array.Empty<string>(),
    ];

    internal string SampleArn(string account) => $"arn:aws:lambda:us-east-1:{account}:function:{Sample}";

    internal override async Task BeforeServerStartsAsync()
    {
        sample = await SampleConnectorHost.StartAsync();
        Tokens = await TokenEndpointStandIn.StartAsync();
        SampleTokenUrl = Tokens.NewTokenUrl(200, """{"access_token":"sample-access","token_type":"Bearer","refresh_token":"sample-refresh","expires_in":3600}""");
    }

    /// <summary>Stops the sample after the server (ServerFixture's own disposal is not virtual).</summary>
    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (sample is not null)
        {
            await sample.DisposeAsync();
        }

        if (Tokens is not null)
        {
            await Tokens.DisposeAsync();
        }
    }

    /// <summary>The same server and settings over PostgreSQL.</summary>
    public new sealed class OnPostgres : ConnectorProfileFixture
    {
        internal override bool UsesPostgres => true;
    }
}
