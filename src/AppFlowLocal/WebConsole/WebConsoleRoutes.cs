using AppFlowLocal.Wire;
using Microsoft.Extensions.Options;

namespace AppFlowLocal.WebConsole;

/// <summary>
/// The read-only web console: server-rendered pages at <c>/</c> and under <c>/console/</c>, GETs only but for
/// login and logout. In <c>sigv4</c> mode no page shows without a login; in <c>open</c> mode every account is shown.
/// </summary>
internal static class WebConsoleRoutes
{
    // Nothing but the page itself and its inline style: no script runs, however a value slipped through.
    private const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static IServiceCollection AddWebConsole(this IServiceCollection services) =>
        services.AddSingleton<ConsoleSessions>().AddSingleton<ConsoleLogin>();

    public static IEndpointRouteBuilder MapWebConsole(this IEndpointRouteBuilder routes)
    {
        // Forms sent from another site (a forged login into the forger's account, or a logout) never get here:
        // CrossSiteRefusal turns away every request a browser marks as another site's.
        var doors = routes.MapGroup("").AddEndpointFilter(static (context, next) =>
        {
            Protect(context.HttpContext.Response);
            return next(context);
        });
        doors.MapGet(ConsolePaths.Login, LoginPage.Show);
        doors.MapPost(ConsolePaths.Login, LoginPage.LogInAsync);
        doors.MapPost(ConsolePaths.Logout, LoginPage.LogOut);

        var pages = routes.MapGroup("").AddEndpointFilter(static (context, next) =>
        {
            var http = context.HttpContext;
            Protect(http.Response);
            var viewer = ViewerOf(http);
            if (viewer is null)
            {
                return ValueTask.FromResult<object?>(Results.Redirect(ConsolePaths.Login));
            }

            http.Items[typeof(ConsoleViewer)] = viewer;
            return next(context);
        });
        pages.MapGet(ConsolePaths.Home, HomePage.HandleAsync);
        pages.MapGet(ConsolePaths.ConnectorRoute, ConnectorPage.HandleAsync);
        pages.MapGet(ConsolePaths.EntitiesRoute, EntitiesPage.HandleAsync);
        pages.MapGet(ConsolePaths.Unknown, static (HttpContext context) => ConsoleResults.NotFound(context.GetViewer(), "The console has no such page."));
        return routes;
    }

    /// <summary>The viewer the route filter settled for this request.</summary>
    public static ConsoleViewer GetViewer(this HttpContext context) =>
        context.Items[typeof(ConsoleViewer)] as ConsoleViewer ?? throw new InvalidOperationException("A console page runs behind the viewer filter.");

    /// <summary>Everyone in open mode; in sigv4 mode the logged-in account, or null: then the page is not shown.</summary>
    private static ConsoleViewer? ViewerOf(HttpContext context)
    {
        if (!context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.RequiresSignature)
        {
            return ConsoleViewer.Everyone;
        }

        var session = context.RequestServices.GetRequiredService<ConsoleSessions>().Find(context.Request.Cookies[ConsoleSessions.CookieName]);
        return session is null ? null : new ConsoleViewer(session.Account, session);
    }

    private static void Protect(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        // Not no-referrer: with it a browser sends "Origin: null" on the console's own form posts.
        response.Headers["Referrer-Policy"] = "same-origin";
        response.Headers.CacheControl = "no-store";
    }
}
