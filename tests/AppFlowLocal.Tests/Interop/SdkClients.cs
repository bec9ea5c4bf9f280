using System.Text.Json;
using AppFlowLocal.Tests.Infrastructure;

namespace AppFlowLocal.Tests.Interop;

/// <summary>
/// boto3 and the AWS SDK for JavaScript v3, run as processes through the scenario scripts in
/// tests/interop. Both print the same JSON shape, so one test body asserts on either.
/// </summary>
internal static class SdkClients
{
    public const string Boto3 = "boto3";

    public const string JavaScript = "js-sdk-v3";

    public static TheoryData<string> All => [Boto3, JavaScript];

    /// <summary>Runs a scenario as <paramref name="account"/> with <paramref name="inputs"/> as its environment variables; returns what it printed.</summary>
    public static async Task<JsonElement> RunAsync(InteropFixture fixture, string client, string account, string scenario,
        IReadOnlyDictionary<string, string>? inputs = null)
    {
        var environment = fixture.ClientEnvironment(account);
        foreach (var (name, value) in inputs ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }

        ProcessResult result;
        switch (client)
        {
            case Boto3:
                result = await ClientProcess.RunAsync("python3", [Path.Combine(RepositoryPaths.Interop, "boto3_client.py"), scenario], environment);
                break;
            case JavaScript:
                await JavaScriptSdk.EnsureInstalledAsync();

                // The SDK warns on stderr that Node 20 support ends in 2027; that is not news to these tests.
                environment["AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED"] = "true";
                result = await ClientProcess.RunAsync("node", [Path.Combine(RepositoryPaths.Interop, "js_client.mjs"), scenario], environment,
                    workingDirectory: RepositoryPaths.Interop);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(client), client, "Not an SDK the interop scripts drive.");
        }

        Assert.True(result.ExitCode == 0,
            $"{client} {scenario} exited with {result.ExitCode}.\nstderr:\n{result.StandardError}\nstdout:\n{result.StandardOutput}");
        try
        {
            return JsonDocument.Parse(result.StandardOutput).RootElement;
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"{client} {scenario} printed no JSON: {e.Message}\nstdout:\n{result.StandardOutput}\nstderr:\n{result.StandardError}", e);
        }
    }
}
