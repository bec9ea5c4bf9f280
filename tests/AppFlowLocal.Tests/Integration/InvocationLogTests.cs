using System.Text.Json;
using AppFlowLocal.Tests.Infrastructure;
using Functions = AppFlowLocal.Tests.Infrastructure.LambdaStandInHost.Functions;

namespace AppFlowLocal.Tests.Integration;

/// <summary>A server that keeps only the last three invocations of each function.</summary>
public class ShortInvocationLogFixture : ServerFixture
{
    protected override IEnumerable<string> Settings => ["--Console:InvocationLimit=3"];

    /// <summary>The same fixture over PostgreSQL.</summary>
    public new sealed class OnPostgres : ShortInvocationLogFixture
    {
        internal override bool UsesPostgres => true;
    }
}

/// <summary>
/// <c>GET /_appflow-local/invocations</c>: a function's recent invocations for the caller's account and
/// region, newest first, with a failed registration's error even though the registration stored nothing.
/// </summary>
public abstract class InvocationLogTests(ShortInvocationLogFixture fixture)
{
    private LambdaStandInHost StandIn => fixture.StandIn;

    [Fact]
    public async Task A_failed_registration_is_in_its_functions_log_with_the_callers_error()
    {
        var caller = fixture.NewCaller();
        var function = StandIn.Arn(Functions.Throws);
        var refused = (await caller.RegisterAsync("broken", function)).AssertError("ConnectorServerException", 400);

        var entry = Assert.Single(await LogAsync(caller, function));
        Assert.Equal("RegisterConnector", entry.GetProperty("operation").GetString());
        Assert.Equal("broken", entry.GetProperty("connectorLabel").GetString());
        Assert.Equal("DescribeConnectorConfigurationRequest", entry.GetProperty("requestType").GetString());
        Assert.Equal("ConnectorServerException", entry.GetProperty("outcome").GetString());
        Assert.Equal(refused.ErrorMessage, entry.GetProperty("error").GetString());
        Assert.True(entry.GetProperty("latencyMs").GetDouble() > 0);
        Assert.InRange(entry.GetProperty("startedAt").GetDouble(), DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
    }

    [Fact]
    public async Task The_log_is_newest_first_and_keeps_only_the_configured_number_of_invocations()
    {
        var caller = fixture.NewCaller();
        var function = StandIn.NewFunction(LambdaStandInHost.Configuration("1.0"));
        var arn = StandIn.Arn(function);
        (await caller.RegisterAsync("kept", arn)).AssertOk();
        for (var i = 0; i < 3; i++)
        {
            (await caller.UpdateAsync("kept")).AssertOk();
        }

        StandIn.DefineUnhandledError(function);
        (await caller.UpdateAsync("kept")).AssertError("ConnectorServerException", 400);

        var log = await LogAsync(caller, arn);
        Assert.Equal(3, log.Count);
        Assert.Equal(["ConnectorServerException", "Success", "Success"], log.Select(e => e.GetProperty("outcome").GetString()));
        Assert.All(log, e => Assert.Equal("UpdateConnectorRegistration", e.GetProperty("operation").GetString()));
        Assert.False(log[1].TryGetProperty("error", out _));
    }

    [Fact]
    public async Task Another_account_or_region_does_not_see_the_invocations()
    {
        var caller = fixture.NewCaller();
        var function = StandIn.Arn(Functions.InvalidConfiguration);
        (await caller.RegisterAsync("mine", function)).AssertError("ConnectorServerException", 400);

        Assert.Single(await LogAsync(caller, function));
        Assert.Empty(await LogAsync(fixture.NewCaller(), function));
        Assert.Empty(await LogAsync(caller.InRegion("eu-west-1"), function));
    }

    [Fact]
    public async Task The_check_route_s_invocations_are_logged_and_a_configuration_registration_would_refuse_is_a_failure()
    {
        var caller = fixture.NewCaller();
        var function = StandIn.NewFunction(LambdaStandInHost.Configuration("1.0"));
        var arn = StandIn.Arn(function);
        (await caller.RegisterAsync("checked", arn)).AssertOk();
        (await caller.GetAsync("/_appflow-local/connectors/checked/check")).AssertOk();
        StandIn.Define(function, """{"isSuccess":true,"connectorName":"NoVersion","connectorModes":["SOURCE"]}""");
        (await caller.GetAsync("/_appflow-local/connectors/checked/check")).AssertOk();

        var log = await LogAsync(caller, arn);
        Assert.Equal(["CheckConnector", "CheckConnector", "RegisterConnector"], log.Select(e => e.GetProperty("operation").GetString()));
        Assert.Equal(["NotRegistrable", "Success", "Success"], log.Select(e => e.GetProperty("outcome").GetString()));
        Assert.Contains("connectorVersion", log[0].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.All(log, e => Assert.Equal("checked", e.GetProperty("connectorLabel").GetString()));
    }

    [Fact]
    public async Task Asking_without_a_function_is_a_validation_error()
    {
        (await fixture.NewCaller().GetAsync("/_appflow-local/invocations")).AssertError("ValidationException", 400);
    }

    private static async Task<List<JsonElement>> LogAsync(AppFlowCaller caller, string function)
    {
        var json = (await caller.GetAsync($"/_appflow-local/invocations?functionArn={Uri.EscapeDataString(function)}")).AssertOk().Json;
        Assert.Equal(function, json.GetProperty("functionArn").GetString());
        return [.. json.GetProperty("invocations").EnumerateArray()];
    }

    /// <summary>On SQLite.</summary>
    public sealed class OnSqlite(ShortInvocationLogFixture fixture) : InvocationLogTests(fixture), IClassFixture<ShortInvocationLogFixture>;

    /// <summary>On PostgreSQL.</summary>
    public sealed class OnPostgres(ShortInvocationLogFixture.OnPostgres fixture) : InvocationLogTests(fixture), IClassFixture<ShortInvocationLogFixture.OnPostgres>;
}
