using AppFlowLocal.Model;
using AppFlowLocal.Registry;
using AppFlowLocal.Wire;

namespace AppFlowLocal.Api;

internal static class DescribeConnectorProfilesHandler
{
    public static async Task<IResult> HandleAsync(HttpContext context, ConnectorProfileRegistry profiles)
    {
        var caller = context.GetCaller();
        var parsed = await RestJson.ReadAsync(context.Request, AppFlowModel.DescribeConnectorProfilesRequest, AppFlowJsonContext.Default.DescribeConnectorProfilesRequest);
        if (parsed.Value.ConnectorType is { } type)
        {
            ManagedConnectorTypes.RefuseIn(parsed, "connectorType", [type]);
        }

        var request = parsed.OrThrow();
        var (page, nextToken) = await profiles.DescribeAsync(caller, request.ConnectorProfileNames, request.ConnectorLabel,
            request.MaxResults ?? ListConnectorsHandler.DefaultPageSize, request.NextToken, context.RequestAborted);
        return RestJson.Ok(
            new DescribeConnectorProfilesResponse { ConnectorProfileDetails = [.. page.Select(ConnectorProfileViews.Profile)], NextToken = nextToken },
            AppFlowJsonContext.Default.DescribeConnectorProfilesResponse);
    }
}
