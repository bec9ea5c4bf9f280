using System.Globalization;
using System.Text.Json;
using AppFlowLocal.Tests.Infrastructure;

namespace AppFlowLocal.Tests.Interop;

/// <summary>The aws CLI (v1 or v2, whichever is on the PATH) as a user runs it: <c>aws appflow ... --endpoint-url ... --output json</c>.</summary>
internal static class AwsCli
{
    /// <summary>Runs <c>aws appflow</c> with <paramref name="arguments"/> as <paramref name="account"/>, retries off.</summary>
    public static Task<ProcessResult> AppFlowAsync(InteropFixture fixture, string account, params string[] arguments) =>
        AppFlowAsync(fixture, fixture.ClientEnvironment(account), arguments);

    /// <summary>Runs <c>aws appflow</c> as the caller whose credentials <paramref name="credentials"/> holds (AWS_ACCESS_KEY_ID and so on).</summary>
    public static Task<ProcessResult> AppFlowAsync(InteropFixture fixture, IReadOnlyDictionary<string, string> credentials, params string[] arguments)
    {
        var environment = fixture.ClientEnvironment(credentials["AWS_ACCESS_KEY_ID"]);
        foreach (var (name, value) in credentials)
        {
            environment[name] = value;
        }

        return AppFlowAsync(fixture, environment, arguments);
    }

    private static Task<ProcessResult> AppFlowAsync(InteropFixture fixture, Dictionary<string, string> environment, string[] arguments)
    {

        // Retries off: the test must see the error the server sent, not the one left after the CLI gave up.
        environment["AWS_MAX_ATTEMPTS"] = "1";
        return ClientProcess.RunAsync("aws", ["appflow", .. arguments, "--endpoint-url", fixture.Endpoint, "--output", "json"], environment);
    }

    /// <summary>Asserts the command succeeded; returns the JSON it printed (an empty object for no output).</summary>
    public static JsonElement AssertOutput(this ProcessResult result, string what)
    {
        Assert.True(result.ExitCode == 0, $"{what}: aws exited with {result.ExitCode}.\nstderr:\n{result.StandardError}\nstdout:\n{result.StandardOutput}");
        return JsonDocument.Parse(string.IsNullOrWhiteSpace(result.StandardOutput) ? "{}" : result.StandardOutput).RootElement;
    }

    /// <summary>Asserts the CLI reported the AWS error <paramref name="code"/> the way it reports service errors; returns its message.</summary>
    public static string AssertError(this ProcessResult result, string code, string operation, string what)
    {
        Assert.True(result.ExitCode != 0, $"{what}: aws succeeded, expected {code}:\n{result.StandardOutput}");
        var prefix = $"An error occurred ({code}) when calling the {operation} operation";
        var line = result.StandardError.Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        Assert.True(line is not null, $"{what}: expected '{prefix}' on stderr, got:\n{result.StandardError}");
        return line![(line.IndexOf(": ", prefix.Length, StringComparison.Ordinal) + 2)..].Trim();
    }

    /// <summary>
    /// registeredAt as the CLI prints it: CLI v1 passes the wire's epoch seconds through as a number,
    /// CLI v2 prints ISO 8601 by default. Either must be this run's instant.
    /// </summary>
    public static DateTimeOffset RegisteredAt(this JsonElement element)
    {
        var value = element.GetProperty("registeredAt");
        return value.ValueKind == JsonValueKind.Number
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)(value.GetDouble() * 1000))
            : DateTimeOffset.Parse(value.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
    }
}
