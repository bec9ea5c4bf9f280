using AppFlowLocal.Model;
using AppFlowLocal.Registry;
using AppFlowLocal.Wire;

namespace AppFlowLocal.Api;

internal static class DescribeConnectorHandler
{
    public static async Task<IResult> HandleAsync(HttpContext context, ConnectorRegistry registry, RenderedViews views)
    {
        var caller = context.GetCaller();
        var parsed = await RestJson.ReadAsync(context.Request, AppFlowModel.DescribeConnectorRequest, AppFlowJsonContext.Default.DescribeConnectorRequest);
        if (parsed.Value.ConnectorType is { } type)
        {
            ManagedConnectorTypes.RefuseIn(parsed, "connectorType", [type]);
            if (type == ConnectorRegistry.CustomConnectorType && parsed.Value.ConnectorLabel is null)
            {
                // A custom connector is found by its label; the model leaves it optional only for managed types.
                parsed.Violate(ConstraintValidator.Clause(null, "connectorLabel", "Member must not be null"));
            }
        }

        var request = parsed.OrThrow();
        var registration = await registry.DescribeAsync(caller, request.ConnectorLabel!, context.RequestAborted);
        return RestJson.Ok(views.Describe(registration));
    }
}
