using System.Net.Sockets;
using AppFlowLocal.Tests.Infrastructure;

namespace AppFlowLocal.Tests.Integration;

/// <summary>
/// The README's "Try it" flow, taken from README.md itself (between its try-it markers) so the README
/// cannot drift from what works, run by bash from the repository's root in an environment as bare as
/// a new terminal's.
/// </summary>
public sealed class TryItFlowTests
{
    [Fact]
    public async Task The_READMEs_try_it_flow_works_pasted_into_a_new_terminal()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "README.md"));
        var start = readme.IndexOf("<!-- try-it -->", StringComparison.Ordinal);
        var end = readme.IndexOf("<!-- /try-it -->", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "README.md has no try-it block.");
        var script = string.Join('\n', readme[start..end].Split('\n').Skip(1).Where(line => !line.StartsWith("```", StringComparison.Ordinal)));

        using var database = new TemporaryFolder();
        var environment = new Dictionary<string, string>
        {
            ["HOME"] = Environment.GetEnvironmentVariable("HOME") ?? "/root",
            ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin",

            // The one addition to a new terminal: the flow's database in a folder of this test's, not the checkout's.
            ["Storage__ConnectionString"] = Path.Combine(database.Path, "try-it.db"),
        };
        var result = await ExternalProcess.RunAsync("env", ["-i", .. environment.Select(e => $"{e.Key}={e.Value}"), "bash", "-c", script],
            workingDirectory: RepositoryPaths.Root, timeout: TimeSpan.FromMinutes(4));
        var output = result.StandardOutput + result.StandardError;

        Assert.True(result.ExitCode == 0, $"The flow exited with {result.ExitCode}:\n{output}");
        Assert.Contains("\"connectorArn\": \"arn:aws:appflow:us-east-1:123456789012:connector/my-crm\"", output, StringComparison.Ordinal);
        Assert.Contains("\"connectorName\": \"SampleCrm\"", output, StringComparison.Ordinal);
        Assert.Contains("registrable: yes (0 errors, 0 warnings)", output, StringComparison.Ordinal);
        Assert.Contains("\"connectorProfileArn\": \"arn:aws:appflow:us-east-1:123456789012:connectorprofile/my-crm-demo\"", output, StringComparison.Ordinal);
        Assert.Contains("\"credentialsArn\": \"arn:aws:secretsmanager:us-east-1:123456789012:secret:appflow/my-crm-demo-", output, StringComparison.Ordinal);
        Assert.DoesNotContain("my-token", output, StringComparison.Ordinal);
        Assert.Contains("\"name\": \"Sales/Opportunity\"", output, StringComparison.Ordinal);
        Assert.Contains("\"identifier\": \"CustomerSince\"", output, StringComparison.Ordinal);
        Assert.Contains("An error occurred (ConflictException) when calling the RegisterConnector operation", output, StringComparison.Ordinal);
        Assert.DoesNotContain("The server did not start", output, StringComparison.Ordinal);

        // And it stopped what it started: the server it killed lets go of its port, however long a busy machine
        // takes to reap it (a minute at most, then the flow left a server behind).
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (await PortAcceptsAsync(4570))
        {
            Assert.True(DateTime.UtcNow < deadline, "The flow's server still listens on port 4570 a minute after the flow ended.");
            await Task.Delay(100);
        }
    }

    private static async Task<bool> PortAcceptsAsync(int port)
    {
        using var probe = new TcpClient();
        try
        {
            await probe.ConnectAsync("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private sealed class TemporaryFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("appflow-try-it-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
