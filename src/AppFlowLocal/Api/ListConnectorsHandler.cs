using AppFlowLocal.Model;
using AppFlowLocal.Registry;
using AppFlowLocal.Wire;

namespace AppFlowLocal.Api;

internal static class ListConnectorsHandler
{
    public const int DefaultPageSize = 20;

    public static async Task<IResult> HandleAsync(HttpContext context, ConnectorRegistry registry, RenderedViews views)
    {
        var caller = context.GetCaller();
        var request = (await RestJson.ReadAsync(context.Request, AppFlowModel.ListConnectorsRequest, AppFlowJsonContext.Default.ListConnectorsRequest)).OrThrow();
        var page = await registry.ListAsync(caller, "ListConnectors", request.MaxResults ?? DefaultPageSize, request.NextToken, context.RequestAborted);
        return RestJson.Ok(views.List(page));
    }
}
