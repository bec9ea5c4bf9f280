using System.Text.Json;

namespace AppFlowLocal.Tests.WebConsole;

/// <summary>What the browser showed after one navigation: status, address, visible text, the DOM as it parsed it, and its cookies.</summary>
internal sealed record BrowserView(int Status, string Url, string Text, string Html, int Scripts, int Dialogs, IReadOnlyList<BrowserCookie> Cookies)
{
    public static BrowserView Of(JsonElement view) => new(
        view.GetProperty("status").GetInt32(),
        view.GetProperty("url").GetString()!,
        view.GetProperty("text").GetString()!,
        view.GetProperty("html").GetString()!,
        view.GetProperty("scripts").GetInt32(),
        view.GetProperty("dialogs").GetInt32(),
        [.. view.GetProperty("cookies").EnumerateArray().Select(c => new BrowserCookie(
            c.GetProperty("name").GetString()!, c.GetProperty("httpOnly").GetBoolean(), c.GetProperty("sameSite").GetString()!))]);

    /// <summary>How many elements of the DOM carry the class (the browser's serialisation writes class="..." once per element).</summary>
    public int CountClass(string cssClass) => Html.Split("class=\"").Skip(1).Count(rest => rest[..rest.IndexOf('"', StringComparison.Ordinal)].Split(' ').Contains(cssClass));
}
