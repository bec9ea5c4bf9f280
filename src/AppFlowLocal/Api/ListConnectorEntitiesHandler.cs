using AppFlowLocal.Model;
using AppFlowLocal.Registry;
using AppFlowLocal.Wire;

namespace AppFlowLocal.Api;

internal static class ListConnectorEntitiesHandler
{
    public static async Task<IResult> HandleAsync(HttpContext context, ConnectorProfileRegistry profiles)
    {
        var caller = context.GetCaller();
        var parsed = await RestJson.ReadAsync(context.Request, AppFlowModel.ListConnectorEntitiesRequest, AppFlowJsonContext.Default.ListConnectorEntitiesRequest);
        if (parsed.Value.ConnectorType is { } type)
        {
            ManagedConnectorTypes.RefuseIn(parsed, "connectorType", [type]);
        }

        // A custom connector's entities come from a connection to it; only managed types list without one.
        if (parsed.Value.ConnectorProfileName is null)
        {
            parsed.Violate(ConstraintValidator.Clause(null, "connectorProfileName", "Member must not be null"));
        }

        var request = parsed.OrThrow();
        var page = await profiles.ListEntitiesAsync(caller, request.ConnectorProfileName!, request.EntitiesPath, request.ApiVersion,
            request.MaxResults, request.NextToken, context.RequestAborted);
        return RestJson.Ok(
            new ListConnectorEntitiesResponse
            {
                ConnectorEntityMap = new() { [ConnectorProfileRegistry.EntityGroup] = [.. page.Entities] },
                NextToken = page.NextToken,
            },
            AppFlowJsonContext.Default.ListConnectorEntitiesResponse);
    }
}
