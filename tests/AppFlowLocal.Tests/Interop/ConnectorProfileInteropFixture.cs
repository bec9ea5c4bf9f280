using AppFlowLocal.Tests.Infrastructure;

namespace AppFlowLocal.Tests.Interop;

/// <summary>
/// The interop server with the C# sample connector bound as an <c>http://</c> function, and the
/// <see cref="SecretReaderConnector"/> reading its credentials in <see cref="SecretReaderAccount"/>.
/// </summary>
public sealed class ConnectorProfileInteropFixture : InteropFixture, IAsyncLifetime
{
    public const string Sample = "sample-crm-interop";

    public const string SecretReader = SecretReaderConnector.Function;

    /// <summary>The account the secret reader's credentials name (open mode: a 12-digit access key is the account).</summary>
    public const string SecretReaderAccount = "246813579024";

    private SampleConnectorHost? sample;

    internal string SecretReaderScript => Path.Combine(Directory, "secret_reader.py");

    protected override IEnumerable<string> Settings =>
    [
        $"--Lambda:Functions:{Sample}={sample!.Endpoint}",
        .. SecretReaderConnector.Settings(SecretReaderScript, SecretReaderAccount),
    ];

    internal static string SampleArn(string account) => $"arn:aws:lambda:us-east-1:{account}:function:{Sample}";

    internal override async Task BeforeServerStartsAsync()
    {
        sample = await SampleConnectorHost.StartAsync();
        await SecretReaderConnector.WriteAsync(SecretReaderScript);
    }

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
