using AppFlowLocal.Model;
using AppFlowLocal.Registry;
using AppFlowLocal.Wire;

namespace AppFlowLocal.Api;

internal static class UpdateConnectorProfileHandler
{
    public static async Task<IResult> HandleAsync(HttpContext context, ConnectorProfileRegistry profiles)
    {
        var caller = context.GetCaller();
        var json = AppFlowJsonContext.Default.UpdateConnectorProfileRequest;
        var parsed = await RestJson.ReadAsync(context.Request, AppFlowModel.UpdateConnectorProfileRequest, json);

        // Every profile here is a custom connector's, which is validated with its credentials: they come again.
        ConnectorProfileRequests.RequireCustomCredentials(parsed, parsed.Value.ConnectorProfileConfig);

        var request = parsed.OrThrow();
        var change = ConnectorProfileRequests.Change(request.ConnectorProfileName!, label: null, request.ConnectionMode!,
            request.ConnectorProfileConfig!, request.ClientToken, RestJson.Fingerprint(request with { ClientToken = null }, json));
        var arn = await profiles.UpdateAsync(caller, change, context.RequestAborted);
        return RestJson.Ok(new CreateConnectorProfileResponse { ConnectorProfileArn = arn }, AppFlowJsonContext.Default.CreateConnectorProfileResponse);
    }
}
