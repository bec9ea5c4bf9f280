using AppFlowLocal.Registry;

namespace AppFlowLocal.WebConsole;

/// <summary>
/// The console's addresses. All are GETs under <c>/console/</c> (and <c>/</c> itself) except login and logout:
/// AppFlow's rest-json operations are POSTs to their own paths (AppFlowApi), so none of these can meet one.
/// </summary>
internal static class ConsolePaths
{
    public const string Home = "/";
    public const string Login = "/console/login";
    public const string Logout = "/console/logout";
    public const string ConnectorRoute = "/console/accounts/{account}/regions/{region}/connectors/{label}";
    public const string EntitiesRoute = "/console/accounts/{account}/regions/{region}/profiles/{profile}/entities";
    public const string Unknown = "/console/{**rest}";

    public static string Connector(RegistryScope scope, string label) =>
        $"/console/accounts/{Segment(scope.Account)}/regions/{Segment(scope.Region)}/connectors/{Segment(label)}";

    public static string Entities(RegistryScope scope, string profile, string? entitiesPath = null, string? nextToken = null)
    {
        var path = $"/console/accounts/{Segment(scope.Account)}/regions/{Segment(scope.Region)}/profiles/{Segment(profile)}/entities";
        var query = new List<string>();
        if (entitiesPath is not null)
        {
            query.Add("path=" + Uri.EscapeDataString(entitiesPath));
        }

        if (nextToken is not null)
        {
            query.Add("nextToken=" + Uri.EscapeDataString(nextToken));
        }

        return query.Count == 0 ? path : path + "?" + string.Join('&', query);
    }

    /// <summary>
    /// A name as a route received it. Kestrel decodes a path's escapes but %2F (so that an escaped "/" stays inside
    /// its segment), and <see cref="Segment"/> escapes the dots of "." and ".." twice: what remains is undone here.
    /// No valid name holds a "%" of its own, so nothing else is changed.
    /// </summary>
    public static string Name(string routeValue) => routeValue.Contains('%', StringComparison.Ordinal) ? Uri.UnescapeDataString(routeValue) : routeValue;

    /// <summary>
    /// A name as one path segment. Profile names may hold "/" and may be "." or "..": a browser (and Kestrel) would
    /// resolve those as the current or parent folder, even written %2E, so their dots are escaped twice (%252E) and
    /// reach the route as %2E, for <see cref="Name"/> to decode.
    /// </summary>
    private static string Segment(string value) => value is "." or ".." ? value.Replace(".", "%252E", StringComparison.Ordinal) : Uri.EscapeDataString(value);
}
