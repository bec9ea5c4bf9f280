using AppFlowLocal.Model;
using AppFlowLocal.Registry;
using AppFlowLocal.Wire;

namespace AppFlowLocal.Api;

internal static class UnregisterConnectorHandler
{
    public static async Task<IResult> HandleAsync(HttpContext context, ConnectorRegistry registry)
    {
        var caller = context.GetCaller();
        var request = (await RestJson.ReadAsync(context.Request, AppFlowModel.UnregisterConnectorRequest, AppFlowJsonContext.Default.UnregisterConnectorRequest)).OrThrow();

        await registry.UnregisterAsync(caller, request.ConnectorLabel!, request.ForceDelete == true, context.RequestAborted);
        return RestJson.Ok(new EmptyResponse(), AppFlowJsonContext.Default.EmptyResponse);
    }
}
