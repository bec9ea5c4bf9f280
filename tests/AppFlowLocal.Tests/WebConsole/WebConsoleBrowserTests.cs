using AppFlowLocal.Tests.Infrastructure;
using static AppFlowLocal.Tests.WebConsole.ConsoleBrowser;
using Functions = AppFlowLocal.Tests.Infrastructure.LambdaStandInHost.Functions;

namespace AppFlowLocal.Tests.WebConsole;

/// <summary>
/// The console in a real browser, open mode: what a newcomer must see (issue 16), and that what connectors and
/// URLs carry is shown as text and never runs. On SQLite only: the pages read storage through the registry,
/// whose queries have contract tests on both providers, and <see cref="WebConsolePageTests"/> runs on both.
/// </summary>
public abstract class WebConsoleBrowserTests(ServerFixture fixture)
{
    private LambdaStandInHost StandIn => fixture.StandIn;

    private Uri At(string path) => new(fixture.Server.BaseAddress, path);

    [Fact]
    public async Task A_registered_connector_its_two_versions_and_its_failed_invocations_appear()
    {
        var caller = fixture.NewCaller();
        var function = StandIn.NewFunction(LambdaStandInHost.Configuration("1.0", "ConsoleCrm"));
        (await caller.RegisterAsync("console-crm", StandIn.Arn(function), "Sample CRM")).AssertOk();
        StandIn.Define(function, LambdaStandInHost.Configuration("2.0", "ConsoleCrm"));
        (await caller.UpdateAsync("console-crm")).AssertOk();
        StandIn.DefineUnhandledError(function);
        var failedUpdate = (await caller.UpdateAsync("console-crm")).AssertError("ConnectorServerException", 400);
        var failedRegistration = (await caller.RegisterAsync("never-stored", StandIn.Arn(Functions.Throws))).AssertError("ConnectorServerException", 400);
        var connectorPath = $"/console/accounts/{caller.Account}/regions/us-east-1/connectors/console-crm";

        var views = await RunAsync(GoTo(At("/")), Click($"a[href=\"{connectorPath}\"]"));

        var home = views[0];
        Assert.Equal(200, home.Status);
        Assert.Contains($"Account {caller.Account} · us-east-1 (1 connector)", home.Text, StringComparison.Ordinal);
        Assert.Contains("console-crm", home.Text, StringComparison.Ordinal);
        Assert.Contains("never-stored (not registered)", home.Text, StringComparison.Ordinal);
        Assert.Contains(failedRegistration.ErrorMessage!, home.Text, StringComparison.Ordinal);

        var connector = views[1];
        Assert.Equal((200, At(connectorPath).ToString()), (connector.Status, connector.Url));
        Assert.Contains("ConsoleCrm", connector.Text, StringComparison.Ordinal);
        Assert.Contains("Registered · version 1.0", connector.Text, StringComparison.Ordinal);
        Assert.Contains("Updated · version 2.0", connector.Text, StringComparison.Ordinal);
        Assert.Contains(failedUpdate.ErrorMessage!, connector.Text, StringComparison.Ordinal);
        Assert.Equal(3, connector.CountClass("bar"));
        Assert.Equal(1, connector.CountClass("failed"));
    }

    [Fact]
    public async Task Markup_from_a_connector_or_a_URL_is_shown_as_text_and_never_runs()
    {
        var caller = fixture.NewCaller();
        var function = StandIn.NewFunction("""
            {"isSuccess":true,"connectorOwner":"<b>Owner</b>","connectorName":"<script>alert('name')</script>","connectorVersion":"1<img src=x onerror=alert(1)>",
             "connectorModes":["SOURCE"],"supportedApiVersions":["v1"],
             "connectorRuntimeSetting":[{"key":"k","dataType":"String","required":true,"label":"L","description":"<script>alert('setting')</script>","scope":"CONNECTOR_PROFILE"}]}
            """);
        (await caller.RegisterAsync("hostile", StandIn.Arn(function))).AssertOk();
        var refusing = StandIn.NewFunction("""{"isSuccess":false,"errorDetails":{"errorCode":"ServerError","errorMessage":"<script>alert('error')</script>"}}""");
        (await caller.RegisterAsync("refused", StandIn.Arn(refusing))).AssertError("ConnectorServerException", 400);
        var prefix = $"/console/accounts/{caller.Account}/regions/us-east-1/connectors/";

        var views = await RunAsync(GoTo(At(prefix + "hostile")), GoTo(At("/")), GoTo(At(prefix + "%3Cscript%3Ealert('label')%3C")));

        Assert.All(views, view => Assert.Equal((0, 0), (view.Scripts, view.Dialogs)));
        Assert.Contains("<script>alert('name')</script>", views[0].Text, StringComparison.Ordinal);
        Assert.Contains("<script>alert('setting')</script>", views[0].Text, StringComparison.Ordinal);
        Assert.Contains("1<img src=x onerror=alert(1)>", views[0].Text, StringComparison.Ordinal);
        Assert.Contains("<b>Owner</b>", views[0].Text, StringComparison.Ordinal);
        Assert.Contains("<script>alert('error')</script>", views[1].Text, StringComparison.Ordinal);
        Assert.Equal(404, views[2].Status);
        Assert.Contains("<script>alert('label')<", views[2].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_console_link_works_for_names_with_slashes_dots_and_reserved_characters()
    {
        // Valid names a path segment cannot hold as they are: "/" splits one, "." and ".." are removed by the browser
        // and by the server (also when written %2E), "#" ends the path, "+" and "=" are a query's.
        string[] names = ["team/crm", "..", ".", "../x", "#frag", "a+b=c@!"];
        const string label = "crm#1.x";
        var caller = fixture.NewCaller();
        var function = StandIn.NewFunction("""
            {"isSuccess":true,"connectorName":"Named","connectorVersion":"1","connectorModes":["SOURCE"],"supportedApiVersions":["v1"],
             "authenticationConfig":{"isBasicAuthSupported":true}}
            """);
        (await caller.RegisterAsync(label, StandIn.Arn(function))).AssertOk();
        StandIn.Define(function, """{"isSuccess":true}""");
        foreach (var name in names)
        {
            (await caller.PostAsync("/create-connector-profile", Json.Object(
                ("connectorProfileName", name), ("connectorType", "CustomConnector"), ("connectorLabel", label), ("connectionMode", "Public"),
                ("connectorProfileConfig", new Dictionary<string, object>
                {
                    ["connectorProfileProperties"] = new { CustomConnector = new { profileProperties = new Dictionary<string, string>() } },
                    ["connectorProfileCredentials"] = new { CustomConnector = new { authenticationType = "BASIC", basic = new { username = "u", password = "p" } } },
                })))).AssertOk();
        }

        StandIn.Define(function, """{"isSuccess":true,"entities":[{"entityIdentifier":"Sales/2026","label":"Sales","hasNestedEntities":true}]}""");
        var steps = new List<object> { GoTo(At("/")), Click($"a:text-is(\"{label}\")") };
        foreach (var name in names)
        {
            // Found by what the page shows, not by the address under test.
            steps.Add(Click($"tr:has(> td:text-is(\"{name}\")) a:text-is(\"List entities\")"));
            steps.Add(Click("a:text-is(\"Sales/2026\")"));
            steps.Add(Click($"p.crumbs a:text-is(\"{label}\")"));
        }

        var views = await RunAsync([.. steps]);

        var connector = views[1];
        Assert.Equal(200, connector.Status);
        Assert.Contains("Named", connector.Text, StringComparison.Ordinal);
        for (var i = 0; i < names.Length; i++)
        {
            var (entities, nested, back) = (views[2 + (3 * i)], views[3 + (3 * i)], views[4 + (3 * i)]);
            Assert.True(entities.Status == 200, $"{names[i]}: {entities.Status} at {entities.Url}\n{entities.Text}");
            Assert.Contains($"Entities of {names[i]}", entities.Text, StringComparison.Ordinal);
            Assert.True(nested.Status == 200, $"{names[i]} nested: {nested.Status} at {nested.Url}\n{nested.Text}");
            Assert.Contains($"Entities of {names[i]} under Sales/2026", nested.Text, StringComparison.Ordinal);
            Assert.Equal((200, connector.Url), (back.Status, back.Url));
        }
    }

    /// <summary>On SQLite.</summary>
    public sealed class OnSqlite(ServerFixture fixture) : WebConsoleBrowserTests(fixture), IClassFixture<ServerFixture>;
}
