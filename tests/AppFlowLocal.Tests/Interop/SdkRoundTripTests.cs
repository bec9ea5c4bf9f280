using System.Text.Json;
using AppFlowLocal.Tests.Infrastructure;
using LambdaStandIn;
using Functions = AppFlowLocal.Tests.Infrastructure.LambdaStandInHost.Functions;

namespace AppFlowLocal.Tests.Interop;

/// <summary>The success paths through boto3 and the JavaScript SDK: every response parses into the client's own types.</summary>
public abstract class SdkRoundTripTests(InteropFixture fixture)
{
    public static TheoryData<string> Clients => SdkClients.All;

    [Theory]
    [MemberData(nameof(Clients))]
    public async Task Register_describe_list_update_and_unregister_round_trip(string client)
    {
        var caller = fixture.NewCaller();
        var first = fixture.StandIn.NewFunction(BuiltInFunctions.PythonSdkPayload);
        var other = fixture.StandIn.Arn(Functions.SampleJava);
        var arn = caller.ConnectorArn("round-trip");

        var steps = (await SdkClients.RunAsync(fixture, client, caller.Account, "lifecycle", new Dictionary<string, string>
        {
            ["LABEL"] = "round-trip",
            ["LAMBDA_ARN"] = fixture.StandIn.Arn(first),
            ["OTHER_LAMBDA_ARN"] = other,
        })).GetProperty("steps");

        Assert.Equal(arn, steps.GetProperty("register").AssertResponse("register").Text("connectorArn"));

        var registered = steps.GetProperty("describe").AssertResponse("describe").GetProperty("connectorConfiguration");
        Assert.Equal("round-trip", registered.Text("connectorLabel"));
        Assert.Equal(arn, registered.Text("connectorArn"));
        Assert.Equal("CustomConnector", registered.Text("connectorType"));
        Assert.Equal("First version", registered.Text("connectorDescription"));
        Assert.Equal("PythonSampleConnector", registered.Text("connectorName"));
        Assert.Equal("1.0.5", registered.Text("connectorVersion"));
        Assert.Equal(["SOURCE", "DESTINATION"], registered.Strings("connectorModes"));
        Assert.Equal(["Scheduled", "OnDemand"], registered.Strings("supportedTriggerTypes"));
        Assert.Equal("LAMBDA", registered.Text("connectorProvisioningType"));
        Assert.Equal(fixture.StandIn.Arn(first), registered.GetProperty("connectorProvisioningConfig").GetProperty("lambda").Text("lambdaArn"));
        Assert.Equal($"arn:aws:iam::{caller.Account}:root", registered.Text("registeredBy"));
        var registeredAt = registered.GetProperty("registeredAt").AssertDateTime("describe registeredAt");
        ClientOutcome.AssertRecent(registeredAt, "describe registeredAt");
        var oauth = registered.GetProperty("authenticationConfig").GetProperty("oAuth2Defaults");
        Assert.Equal("audience", oauth.GetProperty("oauth2CustomProperties")[0].Text("key"));
        Assert.True(registered.GetProperty("connectorRuntimeSettings")[0].GetProperty("isRequired").GetBoolean());

        foreach (var listing in new[] { "list", "describeConnectors" })
        {
            var response = steps.GetProperty(listing).AssertResponse(listing);
            Assert.Equal(["round-trip"], response.Labels());
            var detail = response.GetProperty("connectors")[0];
            Assert.Equal("1.0.5", detail.Text("connectorVersion"));
            Assert.Equal(registeredAt, detail.GetProperty("registeredAt").AssertDateTime($"{listing} registeredAt"));
        }

        // Without a function or description the update asks the same function again and keeps the description.
        Assert.Equal(arn, steps.GetProperty("updateAsIs").AssertResponse("update as is").Text("connectorArn"));
        Assert.Equal(2, fixture.StandIn.Invocations(first));
        var unchanged = steps.GetProperty("describeAfterUpdateAsIs").AssertResponse("describe after update").GetProperty("connectorConfiguration");
        Assert.Equal("First version", unchanged.Text("connectorDescription"));
        Assert.Equal(fixture.StandIn.Arn(first), unchanged.GetProperty("connectorProvisioningConfig").GetProperty("lambda").Text("lambdaArn"));

        Assert.Equal(arn, steps.GetProperty("updateToOther").AssertResponse("update to other").Text("connectorArn"));
        var moved = steps.GetProperty("describeAfterUpdateToOther").AssertResponse("describe after move").GetProperty("connectorConfiguration");
        Assert.Equal("Moved to another function", moved.Text("connectorDescription"));
        Assert.Equal(other, moved.GetProperty("connectorProvisioningConfig").GetProperty("lambda").Text("lambdaArn"));
        Assert.Equal("JavaSampleConnector", moved.Text("connectorName"));
        Assert.Equal("2.1", moved.Text("connectorVersion"));
        Assert.Equal(["SOURCE"], moved.Strings("connectorModes"));
        Assert.Equal(["RECORD", "FILE"], moved.Strings("supportedDataTransferTypes"));
        Assert.Equal(registeredAt, moved.GetProperty("registeredAt").AssertDateTime("registeredAt after move"));

        steps.GetProperty("unregister").AssertResponse("unregister");
        steps.GetProperty("describeAfterUnregister").AssertError("ResourceNotFoundException", 404, "describe after unregister");
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public async Task Pages_of_ListConnectors_and_DescribeConnectors_cover_every_label_once_in_order(string client)
    {
        var caller = fixture.NewCaller();
        string[] labels = ["page-a", "page-b", "page-c", "page-d", "page-e"];
        foreach (var label in labels)
        {
            (await caller.RegisterAsync(label, fixture.StandIn.Arn(Functions.SamplePython))).AssertOk();
        }

        var output = await SdkClients.RunAsync(fixture, client, caller.Account, "paging", new Dictionary<string, string> { ["PAGE_SIZE"] = "2" });

        foreach (var operation in new[] { "ListConnectors", "DescribeConnectors" })
        {
            var pages = output.GetProperty(operation).EnumerateArray().ToList();
            Assert.True(pages.All(page => !page.TryGetProperty("error", out _)), $"{operation}: {output.GetProperty(operation)}");
            Assert.Equal([["page-a", "page-b"], ["page-c", "page-d"], ["page-e"]], pages.Select(page => page.Strings("labels")).ToList());
            Assert.All(pages.Take(2), page => Assert.Equal(JsonValueKind.String, page.GetProperty("nextToken").ValueKind));
            Assert.Equal(JsonValueKind.Null, pages[2].GetProperty("nextToken").ValueKind);
        }
    }

    /// <summary>On SQLite.</summary>
    public sealed class OnSqlite(InteropFixture fixture) : SdkRoundTripTests(fixture), IClassFixture<InteropFixture>;

    /// <summary>On PostgreSQL.</summary>
    public sealed class OnPostgres(InteropFixture.OnPostgres fixture) : SdkRoundTripTests(fixture), IClassFixture<InteropFixture.OnPostgres>;
}
