namespace AppFlowLocal.Tests.WebConsole;

/// <summary>A cookie as the browser holds it: the flags that keep a session cookie from scripts and from other sites.</summary>
internal sealed record BrowserCookie(string Name, bool HttpOnly, string SameSite);
