using AppFlowLocal.Hosting;
using Microsoft.Extensions.Options;

namespace AppFlowLocal.Wire;

/// <summary>How the composition root adds caller authentication (section "Auth") and its start-up checks.</summary>
internal static class AuthenticationServiceCollectionExtensions
{
    public static IServiceCollection AddCallerAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCheckedSettings<AuthOptions>(configuration, AuthOptions.Section);

        // The network check needs the addresses; read when start-up validates, after every source has loaded.
        services.AddSingleton<IValidateOptions<AuthOptions>>(_ => new AuthOptionsValidator(configuration["urls"]));
        services.AddSingleton<CallerResolver>();
        services.AddSingleton(provider => ConfiguredCredentials.Load(provider.GetRequiredService<IOptions<AuthOptions>>().Value));
        services.AddSingleton(provider => Verifier(provider, SigningService.AppFlow));
        services.AddKeyedSingleton(SigningService.SecretsManager, (provider, _) => Verifier(provider, SigningService.SecretsManager));
        services.AddSingleton<CallerAuthentication>();
        return services;
    }

    private static SigV4Verifier Verifier(IServiceProvider provider, string service) =>
        new(provider.GetRequiredService<ConfiguredCredentials>().All, provider.GetRequiredService<TimeProvider>(), service);
}
