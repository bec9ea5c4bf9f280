using AppFlowLocal.Hosting;
using Microsoft.Extensions.Options;

namespace AppFlowLocal.Wire;

/// <summary>
/// How the composition root adds the checks that keep web pages from using a visitor's browser against the
/// server: <see cref="HostNameCheck"/> (DNS rebinding) and <see cref="CrossSiteRefusal"/> (cross-site requests).
/// </summary>
internal static class BrowserRequestChecks
{
    public static IServiceCollection AddBrowserRequestChecks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCheckedSettings<HostNameOptions>(configuration, HostNameOptions.Section);
        services.AddSingleton<IValidateOptions<HostNameOptions>, HostNameOptionsValidator>();
        return services;
    }

    /// <summary>After the middleware that shapes errors, so that both refusals are AWS-shaped with a request id.</summary>
    public static IApplicationBuilder UseBrowserRequestChecks(this IApplicationBuilder app) =>
        app.UseMiddleware<HostNameCheck>().UseMiddleware<CrossSiteRefusal>();
}
