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
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LambdaOptions>, LambdaOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        // Lambda:Timeout governs each invocation; HttpClient's own 100 s default would cut longer ones
        // short with a misleading message.
        services.AddHttpClient<IConnectorInvoker, LambdaInvoker>(client => client.Timeout = Timeout.InfiniteTimeSpan);
        return services;
    }
}
