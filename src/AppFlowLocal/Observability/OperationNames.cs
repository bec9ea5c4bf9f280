namespace AppFlowLocal.Observability;

/// <summary>
/// The operation a request was routed to, as a metric label: AWS's operation name for the AppFlow routes
/// (<c>/register-connector</c> is RegisterConnector), the route's pattern for the server's own routes, and
/// "Unknown" for anything no route serves, so a scanner probing random paths cannot mint new series.
/// </summary>
internal static class OperationNames
{
    public const string Unknown = "Unknown";

    // One entry per route: the name is worked out once, not on every request.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Names = new(StringComparer.Ordinal);

    public static string Of(HttpContext context) =>
        context.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } pattern } ? Names.GetOrAdd(pattern, Name) : Unknown;

    /// <summary>
    /// Whether the operation changes what the server holds (registers, updates, unregisters, creates,
    /// deletes). The request log gives each of those a line; a successful read logs at Debug, so a
    /// polling script does not flood the terminal or cost the server a third of its read throughput.
    /// </summary>
    public static bool IsChange(string operation) =>
        operation.StartsWith("Register", StringComparison.Ordinal) || operation.StartsWith("Update", StringComparison.Ordinal)
        || operation.StartsWith("Unregister", StringComparison.Ordinal) || operation.StartsWith("Create", StringComparison.Ordinal)
        || operation.StartsWith("Delete", StringComparison.Ordinal);

    private static string Name(string pattern)
    {
        if (pattern.StartsWith("{*", StringComparison.Ordinal))
        {
            return Unknown;
        }

        var segment = pattern.TrimStart('/');
        if (segment.Length == 0 || segment.Contains('/', StringComparison.Ordinal) || segment.StartsWith('_'))
        {
            return pattern;
        }

        return string.Concat(segment.Split('-').Select(word => word.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..]));
    }
}
