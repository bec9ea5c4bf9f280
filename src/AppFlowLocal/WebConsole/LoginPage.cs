using Microsoft.Extensions.Options;
using AppFlowLocal.Wire;

namespace AppFlowLocal.WebConsole;

/// <summary>
/// <c>/console/login</c> and <c>/console/logout</c> in <c>sigv4</c> mode: the form asks once for an access key
/// id and its secret (and a session token for temporary credentials), checks them as a signed request's are
/// checked, and holds the account in a server-side session. Open mode has nobody to log in.
/// </summary>
internal static class LoginPage
{
    public static IResult Show(HttpContext context, IOptions<AuthOptions> auth, ConsoleSessions sessions)
    {
        if (!auth.Value.RequiresSignature || sessions.Find(context.Request.Cookies[ConsoleSessions.CookieName]) is not null)
        {
            return Results.Redirect(ConsolePaths.Home);
        }

        return ConsoleResults.Page(Form(null));
    }

    /// <summary>What an address that has failed too often sees instead of its login being checked.</summary>
    public const string TooManyFailuresMessage = "Too many failed logins from this address. Wait a few minutes before trying again.";

    public static async Task<IResult> LogInAsync(HttpContext context, IOptions<AuthOptions> auth, ConsoleLogin login, ConsoleSessions sessions,
        FailedAttemptBudget failures)
    {
        if (!auth.Value.RequiresSignature)
        {
            return Results.Redirect(ConsolePaths.Home);
        }

        if (!context.Request.HasFormContentType)
        {
            return ConsoleResults.Page(Form("Send the form's fields: access key id and secret access key."), StatusCodes.Status400BadRequest);
        }

        // The same budget as signed requests': a login is a guess at the same secret.
        var source = context.Connection.RemoteIpAddress;
        if (!failures.Admits(source))
        {
            return ConsoleResults.Page(Form(TooManyFailuresMessage), StatusCodes.Status429TooManyRequests);
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var accessKeyId = form["accessKeyId"].ToString().Trim();
        var credential = login.Check(accessKeyId, form["secretAccessKey"].ToString(), form["sessionToken"].ToString().Trim());
        if (credential is null)
        {
            failures.Failed(source, accessKeyId);
            return ConsoleResults.Page(Form("These credentials are not accepted by this server."), StatusCodes.Status401Unauthorized);
        }

        // A new login replaces the browser's earlier one rather than leaving it alive beside it.
        if (context.Request.Cookies[ConsoleSessions.CookieName] is { Length: > 0 } earlier)
        {
            sessions.End(earlier);
        }

        var session = sessions.Start(credential.AccountId, credential.AccessKeyId);
        context.Response.Cookies.Append(ConsoleSessions.CookieName, session.Id, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            Path = "/",
            Expires = session.ExpiresAt,
        });
        return Results.Redirect(ConsolePaths.Home);
    }

    public static IResult LogOut(HttpContext context, ConsoleSessions sessions)
    {
        if (context.Request.Cookies[ConsoleSessions.CookieName] is { Length: > 0 } id)
        {
            sessions.End(id);
        }

        context.Response.Cookies.Delete(ConsoleSessions.CookieName, new CookieOptions { Path = "/", SameSite = SameSiteMode.Strict, HttpOnly = true });
        return Results.Redirect(ConsolePaths.Login);
    }

    private static string Form(string? error) => ConsoleLayout.Page("Log in", ConsoleViewer.Everyone, html =>
    {
        html.Element("h1", "Log in to the console").Raw("<section class=\"panel\">")
            .Element("p", "This server verifies requests (Auth:Mode sigv4): log in with one of its credentials to see its account's connectors.", "muted");
        if (error is not null)
        {
            html.Element("p", error, "error");
        }

        html.Raw($"<form class=\"login\" method=\"post\" action=\"{ConsolePaths.Login}\">")
            .Raw("<label>Access key id<input type=\"text\" name=\"accessKeyId\" autocomplete=\"username\" required></label>")
            .Raw("<label>Secret access key<input type=\"password\" name=\"secretAccessKey\" autocomplete=\"current-password\" required></label>")
            .Raw("<label>Session token (temporary credentials only)<input type=\"password\" name=\"sessionToken\" autocomplete=\"off\"></label>")
            .Raw("<input type=\"submit\" value=\"Log in\"></form></section>");
    });
}
