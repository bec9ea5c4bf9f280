using System.Text.Json;
using LambdaStandIn;
using Functions = AppFlowLocal.Tests.Infrastructure.LambdaStandInHost.Functions;

namespace AppFlowLocal.Tests.Interop;

/// <summary>The README's walk-through, as the aws CLI prints it.</summary>
public abstract class AwsCliRoundTripTests(InteropFixture fixture)
{
    [Fact]
    public async Task Register_describe_list_update_and_unregister_round_trip()
    {
        var caller = fixture.NewCaller();
        var account = caller.Account;
        var first = fixture.StandIn.NewFunction(BuiltInFunctions.PythonSdkPayload);
        var other = fixture.StandIn.Arn(Functions.SampleJava);
        var arn = caller.ConnectorArn("cli-connector");
        string[] describe = ["describe-connector", "--connector-type", "CustomConnector", "--connector-label", "cli-connector"];

        var registered = (await AwsCli.AppFlowAsync(fixture, account, "register-connector", "--connector-label", "cli-connector",
            "--description", "Sample connector", "--connector-provisioning-type", "LAMBDA",
            "--connector-provisioning-config", $"lambda={{lambdaArn={fixture.StandIn.Arn(first)}}}")).AssertOutput("register");
        Assert.Equal(arn, registered.Text("connectorArn"));

        var configuration = (await AwsCli.AppFlowAsync(fixture, account, describe)).AssertOutput("describe").GetProperty("connectorConfiguration");
        Assert.Equal("cli-connector", configuration.Text("connectorLabel"));
        Assert.Equal("Sample connector", configuration.Text("connectorDescription"));
        Assert.Equal("PythonSampleConnector", configuration.Text("connectorName"));
        Assert.Equal("1.0.5", configuration.Text("connectorVersion"));
        Assert.Equal(["SOURCE", "DESTINATION"], configuration.Strings("connectorModes"));
        Assert.Equal(fixture.StandIn.Arn(first), configuration.GetProperty("connectorProvisioningConfig").GetProperty("lambda").Text("lambdaArn"));
        var registeredAt = configuration.RegisteredAt();
        ClientOutcome.AssertRecent(registeredAt, "registeredAt");

        var listed = (await AwsCli.AppFlowAsync(fixture, account, "list-connectors")).AssertOutput("list-connectors");
        Assert.Equal(["cli-connector"], listed.Labels());
        Assert.Equal(registeredAt, listed.GetProperty("connectors")[0].RegisteredAt());
        var described = (await AwsCli.AppFlowAsync(fixture, account, "describe-connectors", "--connector-types", "CustomConnector"))
            .AssertOutput("describe-connectors");
        Assert.Equal(["cli-connector"], described.Labels());

        // No function, no description: the same function is asked again and the description stays.
        Assert.Equal(arn, (await AwsCli.AppFlowAsync(fixture, account, "update-connector-registration", "--connector-label", "cli-connector"))
            .AssertOutput("update as is").Text("connectorArn"));
        Assert.Equal(2, fixture.StandIn.Invocations(first));
        Assert.Equal("Sample connector", (await AwsCli.AppFlowAsync(fixture, account, describe)).AssertOutput("describe after update")
            .GetProperty("connectorConfiguration").Text("connectorDescription"));

        Assert.Equal(arn, (await AwsCli.AppFlowAsync(fixture, account, "update-connector-registration", "--connector-label", "cli-connector",
            "--description", "Now from Java", "--connector-provisioning-config", $"lambda={{lambdaArn={other}}}"))
            .AssertOutput("update to another function").Text("connectorArn"));
        var moved = (await AwsCli.AppFlowAsync(fixture, account, describe)).AssertOutput("describe after move").GetProperty("connectorConfiguration");
        Assert.Equal("Now from Java", moved.Text("connectorDescription"));
        Assert.Equal("JavaSampleConnector", moved.Text("connectorName"));
        Assert.Equal(other, moved.GetProperty("connectorProvisioningConfig").GetProperty("lambda").Text("lambdaArn"));

        (await AwsCli.AppFlowAsync(fixture, account, "unregister-connector", "--connector-label", "cli-connector")).AssertOutput("unregister");
        (await AwsCli.AppFlowAsync(fixture, account, describe)).AssertError("ResourceNotFoundException", "DescribeConnector", "describe after unregister");
    }

    /// <summary>
    /// botocore has no paginator for AppFlow, so the CLI does not auto-paginate list-connectors: it
    /// passes --max-results and --next-token through and prints nextToken for the user to follow.
    /// </summary>
    [Theory]
    [InlineData("list-connectors")]
    [InlineData("describe-connectors")]
    public async Task Pages_are_followed_with_max_results_and_next_token(string command)
    {
        var caller = fixture.NewCaller();
        foreach (var label in new[] { "cli-page-a", "cli-page-b", "cli-page-c" })
        {
            (await caller.RegisterAsync(label, fixture.StandIn.Arn(Functions.SamplePython))).AssertOk();
        }

        var first = (await AwsCli.AppFlowAsync(fixture, caller.Account, command, "--max-results", "2")).AssertOutput("first page");
        Assert.Equal(["cli-page-a", "cli-page-b"], first.Labels());
        var second = (await AwsCli.AppFlowAsync(fixture, caller.Account, command, "--max-results", "2", "--next-token", first.Text("nextToken")))
            .AssertOutput("second page");
        Assert.Equal(["cli-page-c"], second.Labels());
        Assert.False(second.TryGetProperty("nextToken", out _), $"The last page has a nextToken: {second}");

        // A token the server did not issue is the caller's mistake, and the CLI says so.
        (await AwsCli.AppFlowAsync(fixture, caller.Account, command, "--next-token", "forged-token"))
            .AssertError("ValidationException", command == "list-connectors" ? "ListConnectors" : "DescribeConnectors", "forged token");
    }

    /// <summary>On SQLite.</summary>
    public sealed class OnSqlite(InteropFixture fixture) : AwsCliRoundTripTests(fixture), IClassFixture<InteropFixture>;

    /// <summary>On PostgreSQL.</summary>
    public sealed class OnPostgres(InteropFixture.OnPostgres fixture) : AwsCliRoundTripTests(fixture), IClassFixture<InteropFixture.OnPostgres>;
}
