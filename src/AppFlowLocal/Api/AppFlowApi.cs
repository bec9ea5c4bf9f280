using AppFlowLocal.Model;

namespace AppFlowLocal.Api;

/// <summary>The AppFlow rest-json routes. Every operation is a POST of a JSON body to its own path.</summary>
internal static class AppFlowApi
{
    public static IEndpointRouteBuilder MapAppFlowApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/register-connector", RegisterConnectorHandler.HandleAsync);
        routes.MapPost("/update-connector-registration", UpdateConnectorRegistrationHandler.HandleAsync);
        routes.MapPost("/describe-connector", DescribeConnectorHandler.HandleAsync);
        routes.MapPost("/describe-connectors", DescribeConnectorsHandler.HandleAsync);
        routes.MapPost("/list-connectors", ListConnectorsHandler.HandleAsync);
        routes.MapPost("/unregister-connector", UnregisterConnectorHandler.HandleAsync);

        // Any other path or method is an operation this service does not have.
        routes.MapFallback(static context => Task.FromException(new AppFlowException(AwsErrorCode.UnknownOperationException,
            $"No operation is served at {context.Request.Method} {context.Request.Path}.")));
        return routes;
    }
}
