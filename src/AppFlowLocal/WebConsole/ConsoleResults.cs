using System.Text;

namespace AppFlowLocal.WebConsole;

/// <summary>How console pages answer: HTML, and a page of its own for what does not exist or is not the viewer's.</summary>
internal static class ConsoleResults
{
    public static IResult Page(string html, int status = StatusCodes.Status200OK) =>
        Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);

    /// <summary>
    /// Also the answer for another account's pages: to a viewer they do not exist, and whether they exist
    /// elsewhere is not the viewer's to learn.
    /// </summary>
    public static IResult NotFound(ConsoleViewer viewer, string what) =>
        Page(ConsoleLayout.Page("Not found", viewer, html => html.Element("h1", "Not found").Raw("<section class=\"panel\">")
            .Element("p", what).Raw("<p>").Link(ConsolePaths.Home, "Back to the connectors").Raw("</p></section>")), StatusCodes.Status404NotFound);
}
