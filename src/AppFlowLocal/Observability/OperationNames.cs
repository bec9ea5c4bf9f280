namespace AppFlowLocal.Observability;

/// <summary>
/// The operation a request was routed to, as a metric label: AWS's operation name for the AppFlow routes
/// (<c>/register-connector</c> is RegisterConnector), the route's pattern for the server's own routes, and
/// "Unknown" for anything no route serves, so a scanner probing random paths cannot mint new series.
/// </summary>
internal static class OperationNames
{
    public const string Unknown = "Unknown";

    public static string Of(HttpContext context)
    {
        if (context.GetEndpoint() is not RouteEndpoint { RoutePattern.RawText: { } pattern } || pattern.StartsWith("{*", StringComparison.Ordinal))
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
