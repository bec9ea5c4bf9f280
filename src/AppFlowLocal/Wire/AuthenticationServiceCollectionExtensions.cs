using AppFlowLocal.Hosting;
using Microsoft.Extensions.Options;

namespace AppFlowLocal.Wire;

/// <summary>How the composition root adds caller authentication (section "Auth") and its start-up checks.</summary>
internal static class AuthenticationServiceCollectionExtensions
{
    public static IServiceCollection AddCallerAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCheckedSettings<AuthOptions>(configuration, AuthOptions.Section);
        services.AddCheckedSettings<FailedAttemptOptions>(configuration, FailedAttemptOptions.Section);

        // Read by hand, not by the reflection binder: in a Native AOT build the binder leaves a list of
        // objects empty (it needs code generated at run time), and a sigv4 server would have no credentials.
        services.PostConfigure<AuthOptions>(options => options.Credentials =
            [.. configuration.GetSection($"{AuthOptions.Section}:{nameof(AuthOptions.Credentials)}").GetChildren().Select(entry => new AuthCredential
            {
                AccessKeyId = entry[nameof(AuthCredential.AccessKeyId)] ?? "",
                SecretAccessKey = entry[nameof(AuthCredential.SecretAccessKey)] ?? "",
                AccountId = entry[nameof(AuthCredential.AccountId)] ?? "",
                UserName = entry[nameof(AuthCredential.UserName)] ?? "",
                SessionToken = entry[nameof(AuthCredential.SessionToken)],
            })]);

        // The network check needs the addresses; read when start-up validates, after every source has loaded.
        services.AddSingleton<IValidateOptions<AuthOptions>>(_ => new AuthOptionsValidator(configuration["urls"]));
        services.AddSingleton<CallerResolver>();
        services.AddSingleton(provider => ConfiguredCredentials.Load(provider.GetRequiredService<IOptions<AuthOptions>>().Value));
        services.AddSingleton(provider => Verifier(provider, SigningService.AppFlow));
        services.AddKeyedSingleton(SigningService.SecretsManager, (provider, _) => Verifier(provider, SigningService.SecretsManager));
        services.AddSingleton<FailedAttemptBudget>();
        services.AddSingleton<CallerAuthentication>();
        return services;
    }

    private static SigV4Verifier Verifier(IServiceProvider provider, string service) =>
        new(provider.GetRequiredService<ConfiguredCredentials>().All, provider.GetRequiredService<TimeProvider>(), service);
}
