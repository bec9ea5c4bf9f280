using AppFlowLocal.Model;
using AppFlowLocal.Wire;

namespace AppFlowLocal.Api;

/// <summary>The AppFlow rest-json routes. Every operation is a POST of a JSON body to its own path.</summary>
internal static class AppFlowApi
{
    public static IEndpointRouteBuilder MapAppFlowApi(this IEndpointRouteBuilder routes)
    {
        // Who is calling is settled once, for every operation, before any of them runs; then AWS
        // throttles before it reads a request: a throttled call costs no parsing, validation or
        // storage, and a request that is not authenticated never spends an account's tokens.
        var operations = routes.MapGroup("")
            .AddEndpointFilter<CallerAuthentication>()
            .AddEndpointFilter(static (context, next) =>
            {
                context.HttpContext.RequestServices.GetRequiredService<AccountThrottle>().Admit(context.HttpContext.GetCaller());
                return next(context);
            });
        operations.MapPost("/register-connector", RegisterConnectorHandler.HandleAsync);
        operations.MapPost("/update-connector-registration", UpdateConnectorRegistrationHandler.HandleAsync);
        operations.MapPost("/describe-connector", DescribeConnectorHandler.HandleAsync);
        operations.MapPost("/describe-connectors", DescribeConnectorsHandler.HandleAsync);
        operations.MapPost("/list-connectors", ListConnectorsHandler.HandleAsync);
        operations.MapPost("/unregister-connector", UnregisterConnectorHandler.HandleAsync);
        operations.MapPost("/create-connector-profile", CreateConnectorProfileHandler.HandleAsync);
        operations.MapPost("/update-connector-profile", UpdateConnectorProfileHandler.HandleAsync);
        operations.MapPost("/describe-connector-profiles", DescribeConnectorProfilesHandler.HandleAsync);
        operations.MapPost("/delete-connector-profile", DeleteConnectorProfileHandler.HandleAsync);
        operations.MapPost("/list-connector-entities", ListConnectorEntitiesHandler.HandleAsync);
        operations.MapPost("/describe-connector-entity", DescribeConnectorEntityHandler.HandleAsync);
        operations.MapPost("/", GetSecretValueHandler.HandleAsync).WithMetadata(new SigningService(SigningService.SecretsManager));
        operations.MapGet(ConnectorCheckHandler.Route, ConnectorCheckHandler.HandleAsync);
        operations.MapGet(ListInvocationsHandler.Route, ListInvocationsHandler.HandleAsync);
        operations.MapGet(ConnectorHistoryHandler.Route, ConnectorHistoryHandler.HandleAsync);

        // Any other path or method is an operation this service does not have.
        routes.MapFallback(static context => Task.FromException(new AppFlowException(AwsErrorCode.UnknownOperationException,
            $"No operation is served at {context.Request.Method} {context.Request.Path}.")));
        return routes;
    }
}
