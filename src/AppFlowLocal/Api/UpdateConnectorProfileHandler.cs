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
        if (parsed.Value.ConnectorProfileConfig is { } config && config.ConnectorProfileCredentials?.CustomConnector is null)
        {
            parsed.Violate(ConstraintValidator.Clause(null, "connectorProfileConfig.connectorProfileCredentials.CustomConnector", "Member must not be null"));
        }

        var request = parsed.OrThrow();
        var change = new ConnectorProfileChange(
            request.ConnectorProfileName!,
            Label: null,
            request.ConnectionMode!,
            request.ConnectorProfileConfig!.ConnectorProfileProperties?.CustomConnector?.ProfileProperties ?? [],
            request.ConnectorProfileConfig.ConnectorProfileCredentials!.CustomConnector!,
            request.ClientToken,
            RestJson.Fingerprint(request with { ClientToken = null }, json))
        {
            OAuth2Properties = request.ConnectorProfileConfig.ConnectorProfileProperties?.CustomConnector?.OAuth2Properties,
        };
        var arn = await profiles.UpdateAsync(caller, change, context.RequestAborted);
        return RestJson.Ok(new CreateConnectorProfileResponse { ConnectorProfileArn = arn }, AppFlowJsonContext.Default.CreateConnectorProfileResponse);
    }
}
