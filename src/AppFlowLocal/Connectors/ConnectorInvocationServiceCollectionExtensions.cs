using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AppFlowLocal.Connectors;

/// <summary>The composition root's single call for everything in Connectors/.</summary>
internal static class ConnectorInvocationServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates the "Lambda" section (at start-up) and registers <see cref="IConnectorInvoker"/>
    /// as <see cref="LambdaInvoker"/> with its own HttpClient from IHttpClientFactory.
    /// </summary>
    /// <param name="configuration">The application's configuration root; the "Lambda" section is read from it.</param>
    public static IServiceCollection AddConnectorInvocation(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LambdaOptions>()
            .Bind(configuration.GetSection(LambdaOptions.SectionName))
            .PostConfigure(options =>
            {
                options.Bindings = FunctionBindings.Read(configuration);

                // By hand: a Native AOT build's reflection binder leaves dictionaries empty.
                options.FunctionEnvironment = configuration.GetSection($"{LambdaOptions.SectionName}:{nameof(LambdaOptions.FunctionEnvironment)}")
                    .GetChildren().ToDictionary(entry => entry.Key, entry => entry.Value ?? "", StringComparer.Ordinal);
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LambdaOptions>, LambdaOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CommandSlots>();

        // Lambda:Timeout governs each invocation; HttpClient's own 100 s default would cut longer ones
        // short with a misleading message.
        services.AddHttpClient<IConnectorInvoker, LambdaInvoker>(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(CreateLambdaHandler);

        // OAuth2 token requests: the same handler (no redirects, no cookie jar), the timeout per request.
        services.AddHttpClient<OAuth2TokenExchange>(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(CreateLambdaHandler);
        return services;
    }

    /// <summary>
    /// The handler under every Lambda Invoke call; the invoker's tests build their HttpClient on it too,
    /// so they exercise this configuration rather than HttpClient's defaults.
    /// </summary>
    internal static SocketsHttpHandler CreateLambdaHandler() => new()
    {
        // Lambda never redirects and the AWS SDKs do not follow redirects: following one would send the
        // event, unsigned, to whatever host the Location names. LambdaInvoker reports a 3xx instead.
        AllowAutoRedirect = false,

        // Lambda sets no cookies; a shared cookie jar would carry one endpoint's cookies into every
        // later invocation, whichever account or function it is for.
        UseCookies = false,
    };
}
