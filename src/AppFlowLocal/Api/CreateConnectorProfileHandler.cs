using AppFlowLocal.Model;
using AppFlowLocal.Registry;
using AppFlowLocal.Wire;

namespace AppFlowLocal.Api;

internal static class CreateConnectorProfileHandler
{
    public static async Task<IResult> HandleAsync(HttpContext context, ConnectorProfileRegistry profiles)
    {
        var caller = context.GetCaller();
        var json = AppFlowJsonContext.Default.CreateConnectorProfileRequest;
        var parsed = await RestJson.ReadAsync(context.Request, AppFlowModel.CreateConnectorProfileRequest, json);
        if (parsed.Value.ConnectorType is { } type)
        {
            ManagedConnectorTypes.RefuseIn(parsed, "connectorType", [type]);
        }

        // A custom connector's profile names its connector and carries its credentials; the model leaves
        // both optional only because managed connector types need neither.
        if (parsed.Value.ConnectorType == ConnectorRegistry.CustomConnectorType)
        {
            if (parsed.Value.ConnectorLabel is null)
            {
                parsed.Violate(ConstraintValidator.Clause(null, "connectorLabel", "Member must not be null"));
            }

            ConnectorProfileRequests.RequireCustomCredentials(parsed, parsed.Value.ConnectorProfileConfig);
        }

        var request = parsed.OrThrow();
        var change = ConnectorProfileRequests.Change(request.ConnectorProfileName!, request.ConnectorLabel!, request.ConnectionMode!,
            request.ConnectorProfileConfig!, request.ClientToken, RestJson.Fingerprint(request with { ClientToken = null }, json));
        var arn = await profiles.CreateAsync(caller, change, context.RequestAborted);
        return RestJson.Ok(new CreateConnectorProfileResponse { ConnectorProfileArn = arn }, AppFlowJsonContext.Default.CreateConnectorProfileResponse);
    }
}
