using System.Text.Json;
using AppFlowLocal.Tests.Infrastructure;
using AppFlowLocal.Tests.Interop;

namespace AppFlowLocal.Tests.WebConsole;

/// <summary>
/// Headless Chromium from the system's packages (<c>.ci/run</c> installs Debian's <c>chromium</c>), driven by
/// tests/interop/console_browser.mjs through playwright-core. A machine without Chromium fails these tests
/// rather than skipping them: the console would otherwise go untested without anyone noticing.
/// </summary>
internal static class ConsoleBrowser
{
    public static string Chromium => Environment.GetEnvironmentVariable("APPFLOW_TEST_CHROMIUM") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";

    /// <summary>Runs the steps in one browser session (its cookies kept from step to step); one result per goto and click.</summary>
    public static async Task<IReadOnlyList<BrowserView>> RunAsync(params object[] steps)
    {
        if (!File.Exists(Chromium))
        {
            throw new InvalidOperationException(
                $"No Chromium at {Chromium}: the console's browser tests need Debian's chromium package (apt-get install -y chromium, as .ci/run does) " +
                "or APPFLOW_TEST_CHROMIUM set to a Chromium executable.");
        }

        await JavaScriptSdk.EnsureInstalledAsync();
        var input = JsonSerializer.Serialize(new { chromium = Chromium, steps });
        var result = await ExternalProcess.RunAsync("node", [Path.Combine(RepositoryPaths.Interop, "console_browser.mjs")], input,
            timeout: TimeSpan.FromMinutes(2), workingDirectory: RepositoryPaths.Interop);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"The browser script failed ({result.ExitCode}):\n{result.StandardError}\n{result.StandardOutput}");
        }

        using var document = JsonDocument.Parse(result.StandardOutput);
        return [.. document.RootElement.EnumerateArray().Select(BrowserView.Of)];
    }

    public static object GoTo(Uri url) => new { @goto = url.ToString() };

    public static object Fill(string selector, string value) => new { fill = new { selector, value } };

    public static object Click(string selector) => new { click = selector };
}
