using AppFlowLocal.Model;
using AppFlowLocal.Observability;
using AppFlowLocal.Registry;
using AppFlowLocal.Wire;

namespace AppFlowLocal.WebConsole;

/// <summary>
/// One connector, laid out as AppFlow's console shows a custom connector: its details, authentication,
/// runtime settings and capabilities; then what AppFlow's console has no room for: its version history as a
/// timeline, its function's latest invocations with their errors and latency, and its connector profiles.
/// </summary>
internal static class ConnectorPage
{
    public static async Task<IResult> HandleAsync(HttpContext context, string account, string region, string label,
        ConnectorRegistry registry, ConnectorProfileRegistry profiles)
    {
        label = ConsolePaths.Name(label);
        var viewer = context.GetViewer();
        if (!viewer.Sees(account) || !CallerResolver.RegionName().IsMatch(region))
        {
            return ConsoleResults.NotFound(viewer, $"There is no connector {label} here.");
        }

        var scope = new RegistryScope(account, region);
        var caller = ConsoleViewer.ReaderOf(scope);
        var cancellationToken = context.RequestAborted;
        ConnectorRegistration? registration = null;
        try
        {
            registration = await registry.DescribeAsync(caller, label, cancellationToken);
        }
        catch (AppFlowException e) when (e.Code == AwsErrorCode.ResourceNotFoundException)
        {
            // Unregistered: its history still tells what happened to it.
        }

        var history = await registry.HistoryAsync(caller, label, cancellationToken);
        if (registration is null && history.Count == 0)
        {
            return ConsoleResults.NotFound(viewer, $"No connector {label} was ever registered in account {account} and region {region}.");
        }

        var function = registration?.LambdaArn ?? history.Select(e => e.LambdaArn).FirstOrDefault(arn => arn is not null);
        var invocations = function is null ? [] : registry.RecentInvocations(caller, function);
        var profileRows = new List<ConnectorProfileRecord>();
        if (registration is not null)
        {
            string? token = null;
            do
            {
                var (page, next) = await profiles.DescribeAsync(caller, null, label, 100, token, cancellationToken);
                profileRows.AddRange(page);
                token = next;
            }
            while (token is not null);
        }

        return ConsoleResults.Page(ConsoleLayout.Page(label, viewer, html =>
        {
            html.Raw("<p class=\"crumbs\">").Link(ConsolePaths.Home, "Connectors").Text($" › Account {account} · {region}").Raw("</p>").Element("h1", label);
            if (registration is null)
            {
                html.Element("p", "This connector is not registered any more; its history remains.", "error");
            }
            else
            {
                WriteDetails(html, registration);
                WriteAuthentication(html, registration.Configuration.AuthenticationConfig);
                WriteRuntimeSettings(html, registration.Configuration.ConnectorRuntimeSettings);
            }

            WriteHistory(html, history);
            WriteInvocations(html, function, invocations);
            if (registration is not null)
            {
                WriteProfiles(html, scope, profileRows);
            }
        }));
    }

    private static void WriteDetails(Html html, ConnectorRegistration registration)
    {
        var configuration = registration.Configuration;
        html.Section("details", "Connector details").Raw("<dl class=\"grid\">");
        Cell(html, "Description", registration.Description);
        Cell(html, "Connector name", configuration.ConnectorName);
        Cell(html, "Connector owner", configuration.ConnectorOwner);
        Cell(html, "Connector version", configuration.ConnectorVersion);
        Cell(html, "Connector ARN", registration.Arn);
        Cell(html, "Lambda function ARN", registration.LambdaArn);
        Cell(html, "Provisioning type", registration.ProvisioningType);
        Cell(html, "Registered at", Html.Time(registration.RegisteredAt));
        Cell(html, "Registered by", registration.RegisteredBy);
        Cells(html, "Supported modes", configuration.ConnectorModes);
        Cell(html, "Can be used as source", Html.YesNo(configuration.CanUseAsSource));
        Cell(html, "Can be used as destination", Html.YesNo(configuration.CanUseAsDestination));
        Cells(html, "Supported trigger types", configuration.SupportedTriggerTypes);
        Cells(html, "Supported scheduling frequencies", configuration.SupportedSchedulingFrequencies);
        Cells(html, "Supported API versions", configuration.SupportedApiVersions);
        Cells(html, "Supported operators", configuration.SupportedOperators);
        Cells(html, "Supported write operations", configuration.SupportedWriteOperations);
        Cells(html, "Supported data transfer types", configuration.SupportedDataTransferTypes);
        Cell(html, "Logo URL", configuration.LogoURL);
        html.Raw("</dl></section>");
    }

    private static void WriteAuthentication(Html html, AuthenticationConfig? auth)
    {
        html.Section("authentication", "Authentication").Raw("<dl class=\"grid\">");
        Cell(html, "Basic", Html.YesNo(auth?.IsBasicAuthSupported));
        Cell(html, "API key", Html.YesNo(auth?.IsApiKeyAuthSupported));
        Cell(html, "OAuth 2.0", Html.YesNo(auth?.IsOAuth2Supported));
        Cell(html, "Custom", Html.YesNo(auth?.IsCustomAuthSupported));
        html.Raw("</dl>");
        if (auth?.OAuth2Defaults is { } oauth)
        {
            html.Element("h3", "OAuth 2.0 defaults").Raw("<dl class=\"grid\">");
            Cells(html, "Token URLs", oauth.TokenUrls);
            Cells(html, "Authorization code URLs", oauth.AuthCodeUrls);
            Cells(html, "Grant types", oauth.Oauth2GrantTypesSupported);
            Cells(html, "Scopes", oauth.OauthScopes);
            html.Raw("</dl>");
            if (oauth.Oauth2CustomProperties is { Count: > 0 } properties)
            {
                html.TableHead("Custom property", "Label", "Description", "Type", "Required", "Sensitive", "Supplied values");
                foreach (var property in properties)
                {
                    html.Raw("<tr>").Element("td", property.Key).Element("td", property.Label).Element("td", property.Description).Element("td", property.Type)
                        .Element("td", Html.YesNo(property.IsRequired)).Element("td", Html.YesNo(property.IsSensitiveField))
                        .Element("td", string.Join(", ", property.ConnectorSuppliedValues ?? [])).Raw("</tr>");
                }

                html.Raw("</tbody></table>");
            }
        }

        foreach (var custom in auth?.CustomAuthConfigs ?? [])
        {
            html.Raw("<h3>Custom authentication type ").Text(custom.CustomAuthenticationType).Raw("</h3>")
                .TableHead("Parameter", "Label", "Description", "Required", "Sensitive", "Supplied values");
            foreach (var parameter in custom.AuthParameters ?? [])
            {
                html.Raw("<tr>").Element("td", parameter.Key).Element("td", parameter.Label).Element("td", parameter.Description)
                    .Element("td", Html.YesNo(parameter.IsRequired)).Element("td", Html.YesNo(parameter.IsSensitiveField))
                    .Element("td", string.Join(", ", parameter.ConnectorSuppliedValues ?? [])).Raw("</tr>");
            }

            html.Raw("</tbody></table>");
        }

        html.Raw("</section>");
    }

    private static void WriteRuntimeSettings(Html html, List<ConnectorRuntimeSetting>? settings)
    {
        html.Section("settings", "Runtime settings");
        if (settings is not { Count: > 0 })
        {
            html.Element("p", "The connector asks for no runtime settings.", "muted").Raw("</section>");
            return;
        }

        html.TableHead("Key", "Label", "Description", "Data type", "Scope", "Required", "Value options");
        foreach (var setting in settings)
        {
            html.Raw("<tr>").Element("td", setting.Key).Element("td", setting.Label).Element("td", setting.Description).Element("td", setting.DataType)
                .Element("td", setting.Scope).Element("td", Html.YesNo(setting.IsRequired))
                .Element("td", string.Join(", ", setting.ConnectorSuppliedValueOptions ?? [])).Raw("</tr>");
        }

        html.Raw("</tbody></table></section>");
    }

    private static void WriteHistory(Html html, IReadOnlyList<ConnectorHistoryEntry> history)
    {
        html.Section("history", "Version history").Raw("<ol class=\"timeline\">");
        foreach (var entry in history)
        {
            html.Raw($"<li class=\"{entry.Action}\">").Raw("<strong>").Text(entry.Action)
                .Text(entry.ConnectorVersion is null ? "" : $" · version {entry.ConnectorVersion}").Raw("</strong> ")
                .Element("span", $"{Html.Time(entry.At)} by {entry.By}", "muted");
            if (entry.LambdaArn is not null)
            {
                html.Raw("<div>").Element("span", "Function ", "muted").Text(entry.LambdaArn).Raw("</div>");
            }

            if (entry.Changes.Count > 0)
            {
                html.Raw("<div>").Element("span", "Changed ", "muted");
                foreach (var change in entry.Changes)
                {
                    html.Element("span", change, "tag");
                }

                html.Raw("</div>");
            }
            else if (entry.Action == ConnectorHistoryEntry.Updated)
            {
                html.Element("div", "Nothing changed", "muted");
            }

            html.Raw("</li>");
        }

        html.Raw("</ol></section>");
    }

    private static void WriteInvocations(Html html, string? function, IReadOnlyList<InvocationRecord> invocations)
    {
        html.Section("invocations", "Latest invocations of its function");
        if (function is not null)
        {
            html.Element("p", function, "muted");
        }

        LatencyChart.Write(html, invocations);
        if (invocations.Count > 0)
        {
            html.TableHead("Started", "Operation", "Connector", "Request", "Outcome", "Latency", "Error");
            foreach (var record in invocations)
            {
                html.Raw("<tr>").Element("td", Html.Time(record.StartedAt)).Element("td", record.Operation).Element("td", record.ConnectorLabel)
                    .Element("td", record.RequestType).Element("td", record.Outcome, record.Outcome == AppFlowMetrics.Success ? "ok" : "bad")
                    .Element("td", LatencyChart.Milliseconds(record.Latency.TotalMilliseconds)).Element("td", record.Error, "bad").Raw("</tr>");
            }

            html.Raw("</tbody></table>");
        }

        html.Raw("</section>");
    }

    private static void WriteProfiles(Html html, RegistryScope scope, List<ConnectorProfileRecord> profiles)
    {
        html.Section("profiles", "Connector profiles");
        if (profiles.Count == 0)
        {
            html.Element("p", "No connector profile uses this connector.", "muted").Raw("</section>");
            return;
        }

        html.TableHead("Name", "Authentication", "Connection mode", "Created", "Last updated", "Entities");
        foreach (var profile in profiles)
        {
            html.Raw("<tr>").Element("td", profile.Name).Element("td", profile.AuthenticationType).Element("td", profile.ConnectionMode)
                .Element("td", Html.Time(profile.CreatedAt)).Element("td", Html.Time(profile.LastUpdatedAt))
                .Raw("<td>").Link(ConsolePaths.Entities(scope, profile.Name), "List entities").Raw("</td></tr>");
        }

        html.Raw("</tbody></table></section>");
    }

    private static void Cell(Html html, string term, string? value) => html.Raw("<div>").Row(term, value).Raw("</div>");

    private static void Cells(Html html, string term, IEnumerable<string>? values) => html.Raw("<div>").Row(term, values).Raw("</div>");
}
