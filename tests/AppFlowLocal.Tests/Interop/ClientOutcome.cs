using System.Globalization;
using System.Text.Json;

namespace AppFlowLocal.Tests.Interop;

/// <summary>
/// Reading what the scenario scripts print: a call's outcome is {"response": ...} or {"error": ...},
/// and a timestamp the client parsed is {"$datetime": "..."}.
/// </summary>
internal static class ClientOutcome
{
    /// <summary>The outcome of the call named <paramref name="name"/> in a "calls" scenario's output.</summary>
    public static JsonElement Call(this JsonElement output, string name)
    {
        var matches = output.GetProperty("calls").EnumerateArray().Where(c => c.GetProperty("name").GetString() == name).ToList();
        Assert.True(matches.Count == 1, $"The client's output has {matches.Count} calls named {name}: {output}");
        return matches[0];
    }

    public static JsonElement AssertResponse(this JsonElement outcome, string what)
    {
        Assert.True(outcome.TryGetProperty("response", out var response), $"{what}: expected a response, the client raised {outcome}");
        return response;
    }

    /// <summary>
    /// Asserts the client raised the model's exception for <paramref name="code"/>: its own class for
    /// it (not a generic error with the code as text), the status, and the request id it read.
    /// </summary>
    public static JsonElement AssertError(this JsonElement outcome, string code, int status, string what)
    {
        Assert.True(outcome.TryGetProperty("error", out var error), $"{what}: expected {code}, the client returned {outcome}");
        Assert.True(error.GetProperty("code").GetString() == code && error.GetProperty("httpStatus").GetInt32() == status,
            $"{what}: expected {code} ({status}), the client raised {error}");
        Assert.True(error.GetProperty("exceptionClass").GetString() == code && error.GetProperty("isModeledException").GetBoolean(),
            $"{what}: the client did not raise its {code} class: {error}");
        Assert.True(Guid.TryParse(error.GetProperty("requestId").GetString(), out _), $"{what}: the client read no request id: {error}");
        return error;
    }

    public static string Text(this JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new Xunit.Sdk.XunitException($"No string {property} in {element}");

    public static List<string> Strings(this JsonElement element, string property) =>
        [.. element.GetProperty(property).EnumerateArray().Select(item => item.GetString()!)];

    public static List<string> Labels(this JsonElement response) =>
        [.. response.GetProperty("connectors").EnumerateArray().Select(c => c.Text("connectorLabel"))];

    /// <summary>Asserts the client turned the wire's epoch seconds into its own date-time type; returns the instant.</summary>
    public static DateTimeOffset AssertDateTime(this JsonElement value, string what)
    {
        if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty("$datetime", out var text))
        {
            throw new Xunit.Sdk.XunitException($"{what}: the client did not parse a date-time, it returned {value}");
        }

        return DateTimeOffset.Parse(text.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
    }

    /// <summary>Asserts an instant is this test run's, not a misread unit (milliseconds as seconds lands in the year 50000).</summary>
    public static void AssertRecent(DateTimeOffset instant, string what) =>
        Assert.True((DateTimeOffset.UtcNow - instant).Duration() < TimeSpan.FromMinutes(10), $"{what}: {instant:O} is not about now");
}
