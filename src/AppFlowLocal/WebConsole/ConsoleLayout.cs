namespace AppFlowLocal.WebConsole;

/// <summary>The frame every console page shares: its head with the inline style sheet, the header with who is logged in, the body.</summary>
internal static class ConsoleLayout
{
    // Inline, like everything the console shows: no request ever leaves for another asset or another site.
    private const string Style = """
        :root{--ink:#16191f;--muted:#5f6b7a;--line:#e9ebed;--accent:#0972d3;--bad:#d91515;--good:#037f0c;--panel:#fff;--ground:#f2f3f3}
        *{box-sizing:border-box}
        body{margin:0;font:14px/1.45 "Amazon Ember","Helvetica Neue",Arial,sans-serif;color:var(--ink);background:var(--ground)}
        header.top{background:#232f3e;color:#fff;padding:10px 24px;display:flex;align-items:center;gap:16px}
        header.top a{color:#fff;text-decoration:none;font-weight:bold}
        header.top .who{margin-left:auto;display:flex;gap:12px;align-items:center}
        header.top form{margin:0}
        main{max-width:1180px;margin:0 auto;padding:20px 24px 48px}
        h1{font-size:24px;margin:8px 0 4px}
        h2{font-size:18px;margin:0 0 12px}
        .crumbs{color:var(--muted);font-size:13px}
        .crumbs a{color:var(--accent)}
        section.panel{background:var(--panel);border:1px solid var(--line);border-radius:12px;padding:16px 20px;margin:16px 0;box-shadow:0 1px 1px rgba(0,28,36,.1)}
        dl.grid{display:grid;grid-template-columns:repeat(3,1fr);gap:12px 24px;margin:0}
        dl.grid div{min-width:0}
        dt{color:var(--muted);font-size:12px}
        dd{margin:0;overflow-wrap:anywhere}
        table{border-collapse:collapse;width:100%}
        th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top;overflow-wrap:anywhere}
        th{color:var(--muted);font-weight:normal;font-size:12px}
        a{color:var(--accent)}
        .tag{display:inline-block;background:#f1faff;border:1px solid #b5d6f4;border-radius:10px;padding:0 8px;margin:0 4px 2px 0;font-size:12px}
        .ok{color:var(--good)}
        .bad{color:var(--bad)}
        .error{background:#fff7f7;border:1px solid var(--bad);border-radius:8px;padding:8px 12px;color:var(--bad)}
        .muted{color:var(--muted)}
        ol.timeline{list-style:none;margin:0;padding:0 0 0 16px;border-left:2px solid var(--line)}
        ol.timeline li{position:relative;margin:0 0 14px;padding-left:12px}
        ol.timeline li::before{content:"";position:absolute;left:-23px;top:4px;width:12px;height:12px;border-radius:50%;background:var(--accent)}
        ol.timeline li.Unregistered::before{background:var(--bad)}
        button,input[type=submit]{font:inherit;border-radius:16px;border:1px solid var(--accent);background:var(--accent);color:#fff;padding:4px 16px;cursor:pointer}
        header.top button{background:transparent;border-color:#fff}
        form.login{max-width:420px;display:grid;gap:10px}
        form.login input[type=text],form.login input[type=password]{font:inherit;padding:6px 8px;border:1px solid #7d8998;border-radius:8px;width:100%}
        svg.chart{width:100%;height:auto;max-height:220px}
        svg.chart .bar{fill:var(--accent)} svg.chart .bar.failed{fill:var(--bad)}
        svg.chart text{font-size:11px;fill:var(--muted)}
        """;

    public static string Page(string title, ConsoleViewer viewer, Action<Html> body)
    {
        var html = new Html();
        html.Raw("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Raw("<title>").Text(title).Raw(" · AppFlow Local</title><style>").Raw(Style).Raw("</style></head><body>")
            .Raw("<header class=\"top\">").Link(ConsolePaths.Home, "AppFlow Local").Element("span", "Custom connectors");
        if (viewer.Session is { } session)
        {
            html.Raw("<span class=\"who\">").Element("span", $"Account {session.Account} ({session.AccessKeyId})")
                .Raw($"<form method=\"post\" action=\"{ConsolePaths.Logout}\"><button type=\"submit\">Log out</button></form></span>");
        }

        html.Raw("</header><main>");
        body(html);
        return html.Raw("</main></body></html>").ToString();
    }
}
