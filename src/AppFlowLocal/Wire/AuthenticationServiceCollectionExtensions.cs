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
        services.AddSingleton(provider => Verifier(provider, SigningService.AppFlow));
        services.AddKeyedSingleton(SigningService.SecretsManager, (provider, _) => Verifier(provider, SigningService.SecretsManager));
        services.AddSingleton<CallerAuthentication>();
        return services;
    }

    private static SigV4Verifier Verifier(IServiceProvider provider, string service)
    {
        var options = provider.GetRequiredService<IOptions<AuthOptions>>().Value;
        IEnumerable<AuthCredential> credentials = options.Credentials;
        if (!string.IsNullOrWhiteSpace(options.CredentialsFile))
        {
            // Validated at start-up: a file that cannot be used has stopped the server by now.
            credentials = credentials.Concat(CredentialsFile.Load(options.CredentialsFile).Credentials);
        }

        return new SigV4Verifier(credentials, provider.GetRequiredService<TimeProvider>(), service);
    }
}
