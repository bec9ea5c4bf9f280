using AppFlowLocal.Connectors;
using AppFlowLocal.Model;
using AppFlowLocal.Registry;
using AppFlowLocal.Wire;

namespace AppFlowLocal.WebConsole;

/// <summary>
/// A connector profile's entities, listed by its connector through ListConnectorEntities' own path (so the
/// invocation is logged like any other); a folder's nested entities one click down. The connector's failure is
/// the page's content, not an error page: it is what the author came to see.
/// </summary>
internal static class EntitiesPage
{
    public static async Task<IResult> HandleAsync(HttpContext context, string account, string region, string profile, string? path, string? nextToken,
        ConnectorProfileRegistry profiles)
    {
        profile = ConsolePaths.Name(profile);
        var viewer = context.GetViewer();
        if (!viewer.Sees(account) || !CallerResolver.RegionName().IsMatch(region))
        {
            return ConsoleResults.NotFound(viewer, $"There is no connector profile {profile} here.");
        }

        var scope = new RegistryScope(account, region);
        var caller = ConsoleViewer.ReaderOf(scope);
        var (found, _) = await profiles.DescribeAsync(caller, [profile], null, 1, null, context.RequestAborted);
        if (found.Count == 0)
        {
            return ConsoleResults.NotFound(viewer, $"No connector profile {profile} exists in account {account} and region {region}.");
        }

        EntityPage? entities = null;
        string? failure = null;
        try
        {
            entities = await profiles.ListEntitiesAsync(caller, profile, path, null, null, nextToken, context.RequestAborted);
        }
        catch (AppFlowException e)
        {
            failure = $"{e.Code}: {e.Message}";
        }

        var label = found[0].Label;
        return ConsoleResults.Page(ConsoleLayout.Page($"{profile} entities", viewer, html =>
        {
            html.Raw("<p class=\"crumbs\">").Link(ConsolePaths.Home, "Connectors").Text($" › Account {account} · {region} › ")
                .Link(ConsolePaths.Connector(scope, label), label).Text($" › {profile}").Raw("</p>")
                .Element("h1", path is null ? $"Entities of {profile}" : $"Entities of {profile} under {path}");
            html.Raw("<section class=\"panel entities\">");
            if (failure is not null)
            {
                html.Element("p", failure, "error");
            }
            else if (entities!.Entities.Count == 0)
            {
                html.Element("p", "The connector lists no entities here.", "muted");
            }
            else
            {
                html.TableHead("Name", "Label", "Nested entities");
                foreach (var entity in entities.Entities)
                {
                    html.Raw("<tr><td>");
                    if (entity.HasNestedEntities == true)
                    {
                        html.Link(ConsolePaths.Entities(scope, profile, entity.Name), entity.Name);
                    }
                    else
                    {
                        html.Text(entity.Name);
                    }

                    html.Raw("</td>").Element("td", entity.Label).Element("td", Html.YesNo(entity.HasNestedEntities)).Raw("</tr>");
                }

                html.Raw("</tbody></table>");
                if (entities.NextToken is { } next)
                {
                    html.Raw("<p>").Link(ConsolePaths.Entities(scope, profile, path, next), "More entities").Raw("</p>");
                }
            }

            html.Raw("</section>");
        }));
    }
}
