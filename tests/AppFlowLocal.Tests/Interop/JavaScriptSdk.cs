using AppFlowLocal.Tests.Infrastructure;

namespace AppFlowLocal.Tests.Interop;

/// <summary>
/// The AWS SDK for JavaScript v3 and playwright-core (the console's browser tests) live in
/// tests/interop/node_modules, which a clean clone does not have: the first test that needs either installs
/// both from the committed package-lock.json.
/// </summary>
internal static class JavaScriptSdk
{
    // One install per test run, however many test classes ask at once.
    private static readonly Lazy<Task> Installation = new(InstallAsync);

    public static Task EnsureInstalledAsync() => Installation.Value;

    private static async Task InstallAsync()
    {
        // Every package of package.json: a checkout installed before one was added installs again.
        string[] packages = ["@aws-sdk/client-appflow", "@aws-sdk/client-secrets-manager", "playwright-core"];
        if (packages.All(package => Directory.Exists(Path.Combine([RepositoryPaths.Interop, "node_modules", .. package.Split('/')]))))
        {
            return;
        }

        var result = await ExternalProcess.RunAsync("npm", ["ci", "--no-audit", "--no-fund"],
            workingDirectory: RepositoryPaths.Interop, timeout: TimeSpan.FromMinutes(5));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"npm ci in {RepositoryPaths.Interop} failed ({result.ExitCode}):\n{result.StandardError}\n{result.StandardOutput}");
        }
    }
}
