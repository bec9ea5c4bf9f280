using AppFlowLocal.Model;
using AppFlowLocal.Registry;
using AppFlowLocal.Wire;

namespace AppFlowLocal.Api;

internal static class DescribeConnectorEntityHandler
{
    public static async Task<IResult> HandleAsync(HttpContext context, ConnectorProfileRegistry profiles)
    {
        var caller = context.GetCaller();
        var parsed = await RestJson.ReadAsync(context.Request, AppFlowModel.DescribeConnectorEntityRequest, AppFlowJsonContext.Default.DescribeConnectorEntityRequest);
        if (parsed.Value.ConnectorType is { } type)
        {
            ManagedConnectorTypes.RefuseIn(parsed, "connectorType", [type]);
        }

        // A custom connector's entities come from a connection to it; only managed types describe without one.
        if (parsed.Value.ConnectorProfileName is null)
        {
            parsed.Violate(ConstraintValidator.Clause(null, "connectorProfileName", "Member must not be null"));
        }

        var request = parsed.OrThrow();
        var fields = await profiles.DescribeEntityAsync(caller, request.ConnectorProfileName!, request.ConnectorEntityName!, request.ApiVersion, context.RequestAborted);
        return RestJson.Ok(new DescribeConnectorEntityResponse { ConnectorEntityFields = fields }, AppFlowJsonContext.Default.DescribeConnectorEntityResponse);
    }
}
