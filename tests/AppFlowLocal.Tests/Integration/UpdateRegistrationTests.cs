using AppFlowLocal.Tests.Infrastructure;
using Functions = AppFlowLocal.Tests.Infrastructure.LambdaStandInHost.Functions;

namespace AppFlowLocal.Tests.Integration;

public abstract class UpdateRegistrationTests(ServerFixture fixture)
{
    private LambdaStandInHost StandIn => fixture.StandIn;

    private static async Task<System.Text.Json.JsonElement> ConfigurationOf(AppFlowCaller caller, string label) =>
        (await caller.DescribeAsync(label)).AssertOk().Json.GetProperty("connectorConfiguration");

    [Fact]
    public async Task Update_without_a_function_invokes_the_current_one_again_and_picks_up_its_new_version()
    {
        var caller = fixture.NewCaller();
        var function = StandIn.NewFunction(LambdaStandInHost.Configuration("1.0.0"));
        (await caller.RegisterAsync("versioned", StandIn.Arn(function))).AssertOk();
        StandIn.Define(function, LambdaStandInHost.Configuration("2.0.0"));

        var response = (await caller.UpdateAsync("versioned")).AssertOk();
        Assert.Equal(caller.ConnectorArn("versioned"), response.Json.GetProperty("connectorArn").GetString());
        Assert.Equal("2.0.0", (await ConfigurationOf(caller, "versioned")).GetProperty("connectorVersion").GetString());
        Assert.Equal(2, StandIn.Invocations(function));
    }

    [Fact]
    public async Task Update_with_a_function_moves_the_connector_to_it()
    {
        var caller = fixture.NewCaller();
        (await caller.RegisterAsync("moving", StandIn.Arn(Functions.SamplePython))).AssertOk();
        var target = StandIn.NewFunction(LambdaStandInHost.Configuration("9.9", name: "Moved"));
        (await caller.UpdateAsync("moving", StandIn.Arn(target))).AssertOk();
        var configuration = await ConfigurationOf(caller, "moving");
        Assert.Equal(StandIn.Arn(target), configuration.GetProperty("connectorProvisioningConfig").GetProperty("lambda").GetProperty("lambdaArn").GetString());
        Assert.Equal("Moved", configuration.GetProperty("connectorName").GetString());
    }

    [Fact]
    public async Task A_present_description_replaces_even_when_empty_and_an_absent_one_stays()
    {
        var caller = fixture.NewCaller();
        (await caller.RegisterAsync("described", StandIn.Arn(Functions.SamplePython), description: "first")).AssertOk();
        (await caller.UpdateAsync("described")).AssertOk();
        Assert.Equal("first", (await ConfigurationOf(caller, "described")).GetProperty("connectorDescription").GetString());
        (await caller.UpdateAsync("described", description: "second")).AssertOk();
        Assert.Equal("second", (await ConfigurationOf(caller, "described")).GetProperty("connectorDescription").GetString());
        (await caller.UpdateAsync("described", description: "")).AssertOk();
        Assert.Equal("", (await ConfigurationOf(caller, "described")).GetProperty("connectorDescription").GetString());
    }

    [Fact]
    public async Task Updating_an_unknown_label_is_ResourceNotFound()
    {
        (await fixture.NewCaller().UpdateAsync("never")).AssertError("ResourceNotFoundException", 404);
    }

    [Fact]
    public async Task A_failed_invocation_changes_nothing()
    {
        var caller = fixture.NewCaller();
        var function = StandIn.NewFunction(LambdaStandInHost.Configuration("1.0.0"));
        (await caller.RegisterAsync("stable", StandIn.Arn(function), description: "kept")).AssertOk();
        var before = (await caller.DescribeAsync("stable")).Body;

        StandIn.DefineUnhandledError(function);
        (await caller.UpdateAsync("stable", description: "lost")).AssertError("ConnectorServerException", 400);
        (await caller.UpdateAsync("stable", StandIn.Arn(Functions.Missing))).AssertError("ResourceNotFoundException", 404);
        Assert.Equal(before, (await caller.DescribeAsync("stable")).Body);
    }

    [Fact]
    public async Task A_provisioning_config_without_a_function_is_invalid()
    {
        var caller = fixture.NewCaller();
        (await caller.RegisterAsync("configless", StandIn.Arn(Functions.SamplePython))).AssertOk();
        var response = (await caller.PostAsync("/update-connector-registration", """{"connectorLabel":"configless","connectorProvisioningConfig":{}}"""))
            .AssertError("ValidationException", 400);
        Assert.Contains("Value null at 'connectorProvisioningConfig.lambda'", response.ErrorMessage, StringComparison.Ordinal);
    }

    /// <summary>On SQLite.</summary>
    public sealed class OnSqlite(ServerFixture fixture) : UpdateRegistrationTests(fixture), IClassFixture<ServerFixture>;

    /// <summary>On PostgreSQL.</summary>
    public sealed class OnPostgres(ServerFixture.OnPostgres fixture) : UpdateRegistrationTests(fixture), IClassFixture<ServerFixture.OnPostgres>;
}
