using System.Globalization;
using System.Text.Json;
using SampleConnector.Protocol;

namespace SampleConnector.Handlers;

/// <summary>
/// The runtime settings the sample asks AppFlow users for, and how a value of each is read. Values arrive
/// as JSON strings from the Java SDK's point of view (a string map) and as any JSON from the Python SDK's,
/// so a number may come either way.
/// </summary>
internal static class RuntimeSettings
{
    public const string InstanceName = "instanceName";
    public const string PageSize = "pageSize";
    public const int MaxPageSize = 1000;

    public static readonly IReadOnlyList<string> Instances = ["demo", "sandbox"];

    public static IReadOnlyList<ConnectorRuntimeSetting> Declared { get; } =
    [
        new(InstanceName, "String", Required: true, "Instance", "Which Sample CRM instance to connect to", "CONNECTOR_PROFILE",
            ConnectorSuppliedValueOptions: Instances),
        new(PageSize, "Integer", Required: false, "Page size", $"Records per QueryData page from 1 to {MaxPageSize}", "SOURCE"),
    ];

    /// <summary>The problem with <paramref name="value"/> for setting <paramref name="key"/>, or null when it is valid.</summary>
    public static string? Problem(string key, JsonElement value) => key switch
    {
        InstanceName => Text(value) is { } name && Instances.Contains(name, StringComparer.Ordinal)
            ? null
            : $"must be one of {string.Join(", ", Instances)}",
        PageSize => ReadPageSize(value) is null ? $"must be a whole number from 1 to {MaxPageSize}" : null,
        _ => null,
    };

    public static int? ReadPageSize(JsonElement value)
    {
        var text = value.ValueKind switch
        {
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.String => value.GetString(),
            _ => null,
        };
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size is >= 1 and <= MaxPageSize ? size : null;
    }

    private static string? Text(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
