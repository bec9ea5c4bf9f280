using AppFlowLocal.Model;
using AppFlowLocal.Registry;
using AppFlowLocal.Wire;

namespace AppFlowLocal.Api;

internal static class DeleteConnectorProfileHandler
{
    public static async Task<IResult> HandleAsync(HttpContext context, ConnectorProfileRegistry profiles)
    {
        var caller = context.GetCaller();
        var request = (await RestJson.ReadAsync(context.Request, AppFlowModel.DeleteConnectorProfileRequest, AppFlowJsonContext.Default.DeleteConnectorProfileRequest)).OrThrow();

        // forceDelete matters only for profiles in use by flows, and this server runs no flows.
        await profiles.DeleteAsync(caller, request.ConnectorProfileName!, context.RequestAborted);
        return RestJson.Ok(new EmptyResponse(), AppFlowJsonContext.Default.EmptyResponse);
    }
}
