using AppFlowLocal.Tests.Infrastructure;

namespace AppFlowLocal.Tests.Auth;

/// <summary>Listening beyond loopback: allowed in sigv4 mode, and in open mode only with explicit consent.</summary>
public sealed class NetworkExposureTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("appflow-local-network-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Theory]
    [InlineData("--Auth:AllowOpenOnNetwork=true")]
    [InlineData("--Auth:Mode=sigv4", "--Auth:Credentials:0:AccessKeyId=AKIANETWORK", "--Auth:Credentials:0:SecretAccessKey=network-secret",
        "--Auth:Credentials:0:AccountId=123456789012", "--Auth:Credentials:0:UserName=network")]
    public async Task The_server_listens_on_every_interface_when_open_mode_is_consented_to_or_signatures_are_required(params string[] settings)
    {
        // Loopback too, where the test finds the port; every interface is the address under test.
        await using var server = await AppFlowServer.StartAsync(directory,
            [$"--Storage:ConnectionString=Data Source={Path.Combine(directory, "registry.db")}", "--urls", "http://127.0.0.1:0;http://0.0.0.0:0", .. settings]);

        // The loopback line is what StartAsync waits for; the other address may be reported just after it.
        for (var waited = 0; waited < 100 && !server.Output.Contains("Now listening on: http://0.0.0.0:", StringComparison.Ordinal); waited++)
        {
            await Task.Delay(100);
        }

        Assert.Contains("Now listening on: http://0.0.0.0:", server.Output, StringComparison.Ordinal);
    }
}
