using AppFlowLocal.Model;
using AppFlowLocal.Registry;
using AppFlowLocal.Wire;

namespace AppFlowLocal.Api;

internal static class UpdateConnectorRegistrationHandler
{
    public static async Task<IResult> HandleAsync(HttpContext context, ConnectorRegistry registry)
    {
        var caller = context.GetCaller();
        var json = AppFlowJsonContext.Default.UpdateConnectorRegistrationRequest;
        var parsed = await RestJson.ReadAsync(context.Request, AppFlowModel.UpdateConnectorRegistrationRequest, json, FunctionArnConstraint.OnUpdate);
        var request = parsed.OrThrow();
        var change = new ConnectorRegistrationChange(
            request.ConnectorLabel!,
            request.Description,
            request.ConnectorProvisioningConfig?.Lambda?.LambdaArn,
            request.ClientToken,
            RestJson.Fingerprint(request with { ClientToken = null }, json));
        var arn = await registry.UpdateAsync(caller, change, context.RequestAborted);
        return RestJson.Ok(new ConnectorArnResponse { ConnectorArn = arn }, AppFlowJsonContext.Default.ConnectorArnResponse);
    }
}
