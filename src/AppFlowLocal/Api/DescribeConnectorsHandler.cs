using AppFlowLocal.Model;
using AppFlowLocal.Registry;
using AppFlowLocal.Wire;

namespace AppFlowLocal.Api;

internal static class DescribeConnectorsHandler
{
    public static async Task<IResult> HandleAsync(HttpContext context, ConnectorRegistry registry)
    {
        var caller = context.GetCaller();
        var parsed = await RestJson.ReadAsync(context.Request, AppFlowModel.DescribeConnectorsRequest, AppFlowJsonContext.Default.DescribeConnectorsRequest);
        ManagedConnectorTypes.RefuseIn(parsed, "connectorTypes", parsed.Value.ConnectorTypes);
        var request = parsed.OrThrow();
        var page = await registry.ListAsync(caller, "DescribeConnectors", request.MaxResults ?? ListConnectorsHandler.DefaultPageSize, request.NextToken, context.RequestAborted);
        return RestJson.Ok(
            new DescribeConnectorsResponse { Connectors = ConnectorViews.Details(page), NextToken = page.NextToken },
            AppFlowJsonContext.Default.DescribeConnectorsResponse);
    }
}
