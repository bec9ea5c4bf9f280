using AppFlowLocal.Tests.Infrastructure;

namespace AppFlowLocal.Tests.Interop;

/// <summary>An interop server whose invocations may be held while a client process waits on one.</summary>
public class HeldInteropFixture : InteropFixture
{
    protected override IEnumerable<string> Settings => ["--Lambda:Timeout=00:00:30"];

    /// <summary>The same fixture over PostgreSQL.</summary>
    public new sealed class OnPostgres : HeldInteropFixture
    {
        internal override bool UsesPostgres => true;
    }
}

/// <summary>
/// What core hardening changed on the wire, as the real clients meet it: a region that is not a region
/// is refused before anything runs, and an update overtaken by another change is a ConflictException.
/// </summary>
public abstract class HardeningInteropTests(HeldInteropFixture fixture)
{
    private const string NotARegion = "US-WEST-2";

    [Theory]
    [MemberData(nameof(SdkClients.All), MemberType = typeof(SdkClients))]
    public async Task An_SDK_configured_with_a_region_that_is_not_a_region_gets_IncompleteSignatureException_and_registers_nothing(string client)
    {
        var caller = fixture.NewCaller();
        var calls = new[] { SdkCall.Register("register", "regional", fixture.StandIn.Arn(LambdaStandInHost.Functions.SamplePython)) };
        var output = await SdkClients.RunAsync(fixture, client, caller.Account, "calls", new Dictionary<string, string>
        {
            ["CALLS"] = SdkCall.ToJson(calls),
            ["AWS_REGION"] = NotARegion,
            ["AWS_DEFAULT_REGION"] = NotARegion,
        });

        // Not one of AppFlow's modeled exceptions (AWS answers it before any operation): a generic service error.
        var error = output.Call("register").GetProperty("error");
        Assert.True(error.Text("code") == "IncompleteSignatureException" && error.GetProperty("httpStatus").GetInt32() == 403, $"{client}: {error}");
        Assert.Contains(NotARegion, error.Text("message"), StringComparison.Ordinal);
        Assert.True(Guid.TryParse(error.Text("requestId"), out _), $"{client} read no request id: {error}");
        Assert.Empty((await caller.InRegion("us-west-2").PostAsync("/list-connectors", "{}")).AssertOk().Json.GetProperty("connectors").EnumerateArray());
    }

    [Fact]
    public async Task The_CLI_with_a_region_that_is_not_a_region_reports_IncompleteSignatureException()
    {
        var caller = fixture.NewCaller();
        var result = await AwsCli.AppFlowAsync(fixture, caller.Account, "list-connectors", "--region", NotARegion);
        Assert.Contains(NotARegion, result.AssertError("IncompleteSignatureException", "ListConnectors", "list in US-WEST-2"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(SdkClients.All), MemberType = typeof(SdkClients))]
    public async Task An_SDK_update_overtaken_by_another_acknowledged_update_raises_ConflictException_and_the_other_stays(string client)
    {
        var caller = fixture.NewCaller();
        var function = fixture.StandIn.NewFunction(LambdaStandInHost.Configuration("1.0"));
        (await caller.RegisterAsync("overtaken", fixture.StandIn.Arn(function), description: "old")).AssertOk();

        var held = fixture.StandIn.HoldNext(function);
        var calls = new[] { SdkCall.Update("slow-update", "overtaken", description: "from-the-sdk") };
        var sdk = SdkClients.RunAsync(fixture, client, caller.Account, "calls", new Dictionary<string, string> { ["CALLS"] = SdkCall.ToJson(calls) });
        await held.Arrived;
        (await caller.UpdateAsync("overtaken", description: "acknowledged")).AssertOk();
        held.Release();

        var error = (await sdk).Call("slow-update").AssertError("ConflictException", 409, $"{client} slow update");
        Assert.Contains("was changed by another request", error.Text("message"), StringComparison.Ordinal);
        Assert.Equal("acknowledged", DescriptionOf(await caller.DescribeAsync("overtaken")));
    }

    [Fact]
    public async Task A_CLI_update_overtaken_by_another_acknowledged_update_reports_ConflictException()
    {
        var caller = fixture.NewCaller();
        var function = fixture.StandIn.NewFunction(LambdaStandInHost.Configuration("1.0"));
        (await caller.RegisterAsync("cli-overtaken", fixture.StandIn.Arn(function), description: "old")).AssertOk();

        var held = fixture.StandIn.HoldNext(function);
        var cli = AwsCli.AppFlowAsync(fixture, caller.Account, "update-connector-registration", "--connector-label", "cli-overtaken", "--description", "from-the-cli");
        await held.Arrived;
        (await caller.UpdateAsync("cli-overtaken", description: "acknowledged")).AssertOk();
        held.Release();

        Assert.Contains("was changed by another request", (await cli).AssertError("ConflictException", "UpdateConnectorRegistration", "CLI slow update"), StringComparison.Ordinal);
        Assert.Equal("acknowledged", DescriptionOf(await caller.DescribeAsync("cli-overtaken")));
    }

    private static string? DescriptionOf(AwsResponse described) =>
        described.AssertOk().Json.GetProperty("connectorConfiguration").GetProperty("connectorDescription").GetString();

    /// <summary>On SQLite.</summary>
    public sealed class OnSqlite(HeldInteropFixture fixture) : HardeningInteropTests(fixture), IClassFixture<HeldInteropFixture>;

    /// <summary>On PostgreSQL.</summary>
    public sealed class OnPostgres(HeldInteropFixture.OnPostgres fixture) : HardeningInteropTests(fixture), IClassFixture<HeldInteropFixture.OnPostgres>;
}
