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

    /// <summary>On SQLite.</summary>
    public sealed class OnSqlite(ServerFixture fixture) : WebConsoleBrowserTests(fixture), IClassFixture<ServerFixture>;
}
