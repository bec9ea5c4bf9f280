using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AppFlowLocal.Hosting;

/// <summary>How the composition root declares a settings section so that start-up checks it.</summary>
internal static class SettingsServiceCollectionExtensions
{
    private const DynamicallyAccessedMemberTypes OptionsMembers =
        DynamicallyAccessedMemberTypes.PublicProperties | DynamicallyAccessedMemberTypes.PublicParameterlessConstructor;

    /// <summary>
    /// Binds <typeparamref name="TOptions"/> to the section, validates its data annotations at start-up,
    /// and has its values' types checked before binding.
    /// </summary>
    public static IServiceCollection AddCheckedSettings<[DynamicallyAccessedMembers(OptionsMembers)] TOptions>(
        this IServiceCollection services, IConfiguration configuration, string section)
        where TOptions : class
    {
        services.AddOptionsWithValidateOnStart<TOptions>().Bind(configuration.GetSection(section));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>>(new AnnotatedSettingsValidator<TOptions>(section)));
        return services.AddSettingsSection<TOptions>(section);
    }

    /// <summary>
    /// Has the section's values' types checked before binding, for a section that is bound and
    /// validated elsewhere (a feature's own registration call).
    /// </summary>
    public static IServiceCollection AddSettingsSection<[DynamicallyAccessedMembers(OptionsMembers)] TOptions>(
        this IServiceCollection services, string section)
        where TOptions : class
    {
        services.AddSingleton(new SettingsSection(section, typeof(TOptions)));
        return services;
    }
}
