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

    private static string Segment(string value) => Uri.EscapeDataString(value);
}
