using AppFlowLocal.Observability;
using AppFlowLocal.Registry;

namespace AppFlowLocal.WebConsole;

/// <summary><c>GET /</c>: the accounts and regions the viewer sees, each with its connectors, and the latest invocations, failed registrations included.</summary>
internal static class HomePage
{
    private const int PageSize = 100;
    private const int LatestInvocations = 25;

    public static async Task<IResult> HandleAsync(HttpContext context, ConnectorRegistry registry)
    {
        var viewer = context.GetViewer();
        var cancellationToken = context.RequestAborted;
        var scopes = new List<(ScopeSummary Summary, List<ConnectorSummary> Connectors)>();
        foreach (var scope in await registry.ScopesAsync(viewer.Account, cancellationToken))
        {
            var connectors = new List<ConnectorSummary>();
            string? token = null;
            do
            {
                var page = await registry.ListAsync(ConsoleViewer.ReaderOf(scope.Scope), "Console", PageSize, token, cancellationToken);
                connectors.AddRange(page.Items);
                token = page.NextToken;
            }
            while (token is not null);
            scopes.Add((scope, connectors));
        }

        var latest = registry.LatestInvocations(viewer.Account, LatestInvocations);
        return ConsoleResults.Page(ConsoleLayout.Page("Connectors", viewer, html =>
        {
            html.Element("h1", "Connectors").Element("p", viewer.Account is null
                ? "Every account and region on this server (open mode)."
                : $"Account {viewer.Account}, every region.", "crumbs");
            if (scopes.Count == 0)
            {
                html.Section("empty", "No connectors registered yet")
                    .Element("p", "Register one with aws appflow register-connector --endpoint-url pointing at this server; it shows here.").Raw("</section>");
            }

            foreach (var (summary, connectors) in scopes)
            {
                WriteScope(html, summary, connectors);
            }

            var registered = scopes.SelectMany(s => s.Connectors.Select(c => (s.Summary.Scope, c.Label))).ToHashSet();
            WriteLatest(html, latest, registered);
        }));
    }

    private static void WriteScope(Html html, ScopeSummary summary, List<ConnectorSummary> connectors)
    {
        html.Section("scope", $"Account {summary.Scope.Account} · {summary.Scope.Region} ({summary.Connectors} {(summary.Connectors == 1 ? "connector" : "connectors")})")
            .TableHead("Label", "Connector", "Owner", "Version", "Modes", "Registered", "Registered by");
        foreach (var connector in connectors)
        {
            html.Raw("<tr><td>").Link(ConsolePaths.Connector(summary.Scope, connector.Label), connector.Label).Raw("</td>")
                .Element("td", connector.ConnectorName).Element("td", connector.ConnectorOwner).Element("td", connector.ConnectorVersion)
                .Element("td", string.Join(", ", connector.ConnectorModes ?? [])).Element("td", Html.Time(connector.RegisteredAt))
                .Element("td", connector.RegisteredBy).Raw("</tr>");
        }

        html.Raw("</tbody></table></section>");
    }

    private static void WriteLatest(Html html, IReadOnlyList<InvocationRecord> latest, HashSet<(RegistryScope, string)> registered)
    {
        html.Section("latest", "Latest invocations on this node");
        if (latest.Count == 0)
        {
            html.Element("p", "No connector function was invoked on this node since it started.", "muted").Raw("</section>");
            return;
        }

        html.TableHead("Started", "Account · region", "Connector", "Operation", "Request", "Outcome", "Latency", "Error");
        foreach (var record in latest)
        {
            html.Raw("<tr>").Element("td", Html.Time(record.StartedAt)).Element("td", $"{record.Scope.Account} · {record.Scope.Region}").Raw("<td>");
            if (registered.Contains((record.Scope, record.ConnectorLabel)))
            {
                html.Link(ConsolePaths.Connector(record.Scope, record.ConnectorLabel), record.ConnectorLabel);
            }
            else
            {
                html.Text(record.ConnectorLabel).Raw(" ").Element("span", "(not registered)", "muted");
            }

            html.Raw("</td>").Element("td", record.Operation).Element("td", record.RequestType)
                .Element("td", record.Outcome, record.Outcome == AppFlowMetrics.Success ? "ok" : "bad")
                .Element("td", LatencyChart.Milliseconds(record.Latency.TotalMilliseconds)).Element("td", record.Error, "bad").Raw("</tr>");
        }

        html.Raw("</tbody></table></section>");
    }
}
