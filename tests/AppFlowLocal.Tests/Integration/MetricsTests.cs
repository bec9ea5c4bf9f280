using AppFlowLocal.Tests.Infrastructure;
using Functions = AppFlowLocal.Tests.Infrastructure.LambdaStandInHost.Functions;

namespace AppFlowLocal.Tests.Integration;

/// <summary>
/// <c>GET /metrics</c> is scraped before and after known traffic, and each counter moves by exactly what
/// that traffic did. Each provider's fixture is a server of its own, and the tests of one class run one
/// after another, so nothing else moves these counters in between.
/// </summary>
public abstract class MetricsTests(ServerFixture fixture)
{
    private const string Requests = "appflow_requests_total";
    private const string Invocations = "appflow_lambda_invocations_total";
    private const string Describe = "DescribeConnectorConfigurationRequest";

    private LambdaStandInHost StandIn => fixture.StandIn;

    [Fact]
    public async Task Requests_are_counted_by_operation_and_outcome_with_their_latency()
    {
        var caller = fixture.NewCaller();
        var before = await PrometheusScrape.TakeAsync(fixture.Client);

        (await caller.RegisterAsync("counted-1", StandIn.Arn(Functions.SamplePython))).AssertOk();
        (await caller.RegisterAsync("counted-2", StandIn.Arn(Functions.SamplePython))).AssertOk();
        (await caller.RegisterAsync("counted-1", StandIn.Arn(Functions.SamplePython))).AssertError("ConflictException", 409);
        (await caller.DescribeAsync("counted-2")).AssertOk();
        (await caller.DescribeAsync("absent")).AssertError("ResourceNotFoundException", 404);
        (await caller.PostAsync("/no-such-operation", "{}")).AssertError("UnknownOperationException", 404);

        var after = await PrometheusScrape.TakeAsync(fixture.Client);
        double Moved(string name, params (string, string)[] labels) => after.Value(name, labels) - before.Value(name, labels);
        Assert.Equal(2, Moved(Requests, ("operation", "RegisterConnector"), ("outcome", "Success")));
        Assert.Equal(1, Moved(Requests, ("operation", "RegisterConnector"), ("outcome", "ConflictException")));
        Assert.Equal(1, Moved(Requests, ("operation", "DescribeConnector"), ("outcome", "Success")));
        Assert.Equal(1, Moved(Requests, ("operation", "DescribeConnector"), ("outcome", "ResourceNotFoundException")));
        Assert.Equal(1, Moved(Requests, ("operation", "Unknown"), ("outcome", "UnknownOperationException")));
        Assert.Equal(3, Moved("appflow_request_duration_seconds_count", ("operation", "RegisterConnector")));
        Assert.True(Moved("appflow_request_duration_seconds_sum", ("operation", "RegisterConnector")) > 0);

        // The conflicting registration was refused before its function was invoked.
        Assert.Equal(2, Moved(Invocations, ("request_type", Describe), ("outcome", "Success")));
    }

    [Fact]
    public async Task Lambda_invocations_are_counted_by_request_type_and_outcome_with_their_latency()
    {
        var caller = fixture.NewCaller();
        var before = await PrometheusScrape.TakeAsync(fixture.Client);

        (await caller.RegisterAsync("invoked", StandIn.Arn(Functions.SamplePython))).AssertOk();
        (await caller.UpdateAsync("invoked")).AssertOk();
        (await caller.RegisterAsync("throws", StandIn.Arn(Functions.Throws))).AssertError("ConnectorServerException", 400);
        (await caller.RegisterAsync("invalid", StandIn.Arn(Functions.InvalidConfiguration))).AssertError("ConnectorServerException", 400);
        (await caller.RegisterAsync("missing", StandIn.Arn(Functions.Missing))).AssertError("ResourceNotFoundException", 404);

        var after = await PrometheusScrape.TakeAsync(fixture.Client);
        double Moved(string name, params (string, string)[] labels) => after.Value(name, labels) - before.Value(name, labels);
        Assert.Equal(2, Moved(Invocations, ("request_type", Describe), ("outcome", "Success")));
        Assert.Equal(2, Moved(Invocations, ("request_type", Describe), ("outcome", "ConnectorServerException")));
        Assert.Equal(1, Moved(Invocations, ("request_type", Describe), ("outcome", "ResourceNotFoundException")));
        Assert.Equal(2, Moved("appflow_lambda_invocation_duration_seconds_count", ("request_type", Describe), ("outcome", "ConnectorServerException")));
        Assert.True(Moved("appflow_lambda_invocation_duration_seconds_sum", ("request_type", Describe), ("outcome", "Success")) > 0);
    }

    [Fact]
    public async Task Profile_validations_and_entity_calls_are_counted_by_their_request_type_and_outcome()
    {
        var caller = fixture.NewCaller();
        var function = StandIn.NewFunction("""
            {"isSuccess":true,"connectorOwner":"Tests","connectorName":"BasicOnly","connectorVersion":"1","connectorModes":["SOURCE"],
             "supportedApiVersions":["v1"],
             "authenticationConfig":{"isBasicAuthSupported":true,"isApiKeyAuthSupported":false,"isOAuth2Supported":false,"isCustomAuthSupported":false}}
            """);
        (await caller.RegisterAsync("profiled", StandIn.Arn(function))).AssertOk();
        string Create(string name) => Json.Object(
            ("connectorProfileName", name), ("connectorType", "CustomConnector"), ("connectorLabel", "profiled"), ("connectionMode", "Public"),
            ("connectorProfileConfig", new Dictionary<string, object>
            {
                ["connectorProfileProperties"] = new Dictionary<string, object> { ["CustomConnector"] = new { profileProperties = new Dictionary<string, string>() } },
                ["connectorProfileCredentials"] = new Dictionary<string, object>
                {
                    ["CustomConnector"] = new { authenticationType = "BASIC", basic = new { username = "ada", password = "pa55-w0rd" } },
                },
            }));
        var before = await PrometheusScrape.TakeAsync(fixture.Client);

        StandIn.Define(function, """{"isSuccess":true}""");
        (await caller.PostAsync("/create-connector-profile", Create("accepted"))).AssertOk();
        StandIn.Define(function, """{"isSuccess":false,"errorDetails":{"errorCode":"InvalidCredentials","errorMessage":"Wrong password"}}""");
        (await caller.PostAsync("/create-connector-profile", Create("refused"))).AssertError("ConnectorAuthenticationException", 401);
        StandIn.Define(function, """{"isSuccess":true,"entities":[{"entityIdentifier":"Account","label":"Account","hasNestedEntities":false}]}""");
        (await caller.PostAsync("/list-connector-entities", Json.Object(("connectorProfileName", "accepted"), ("connectorType", "CustomConnector")))).AssertOk();

        var after = await PrometheusScrape.TakeAsync(fixture.Client);
        double Moved(string name, params (string, string)[] labels) => after.Value(name, labels) - before.Value(name, labels);
        // The refused profile stopped at its first validation: the stand-in refuses every request alike.
        Assert.Equal(1, Moved(Invocations, ("request_type", "ValidateConnectorRuntimeSettingsRequest"), ("outcome", "Success")));
        Assert.Equal(1, Moved(Invocations, ("request_type", "ValidateConnectorRuntimeSettingsRequest"), ("outcome", "ConnectorAuthenticationException")));
        Assert.Equal(1, Moved(Invocations, ("request_type", "ValidateCredentialsRequest"), ("outcome", "Success")));
        Assert.Equal(0, Moved(Invocations, ("request_type", "ValidateCredentialsRequest"), ("outcome", "ConnectorAuthenticationException")));
        Assert.Equal(1, Moved(Invocations, ("request_type", "ListEntitiesRequest"), ("outcome", "Success")));
        Assert.Equal(1, Moved("appflow_lambda_invocation_duration_seconds_count", ("request_type", "ListEntitiesRequest"), ("outcome", "Success")));
    }

    [Fact]
    public async Task Idempotent_replays_are_counted_and_first_runs_are_not()
    {
        var caller = fixture.NewCaller();
        var before = await PrometheusScrape.TakeAsync(fixture.Client);

        (await caller.RegisterAsync("replayed", StandIn.Arn(Functions.SamplePython), clientToken: "token-1")).AssertOk();
        (await caller.RegisterAsync("replayed", StandIn.Arn(Functions.SamplePython), clientToken: "token-1")).AssertOk();
        (await caller.RegisterAsync("replayed", StandIn.Arn(Functions.SamplePython), clientToken: "token-1")).AssertOk();
        (await caller.UpdateAsync("replayed", clientToken: "token-2")).AssertOk();
        (await caller.UpdateAsync("replayed", description: "other", clientToken: "token-2")).AssertError("ConflictException", 409);

        var after = await PrometheusScrape.TakeAsync(fixture.Client);
        Assert.Equal(2, after.Value("appflow_idempotent_replays_total", ("operation", "RegisterConnector"))
            - before.Value("appflow_idempotent_replays_total", ("operation", "RegisterConnector")));
        Assert.Equal(0, after.Value("appflow_idempotent_replays_total", ("operation", "UpdateConnectorRegistration"))
            - before.Value("appflow_idempotent_replays_total", ("operation", "UpdateConnectorRegistration")));
    }

    [Fact]
    public async Task Group_commit_batch_sizes_add_up_to_the_writes_committed()
    {
        var caller = fixture.NewCaller();
        var before = await PrometheusScrape.TakeAsync(fixture.Client);

        await Task.WhenAll(Enumerable.Range(0, 6).Select(async i =>
            (await caller.RegisterAsync($"batched-{i}", StandIn.Arn(Functions.SamplePython))).AssertOk()));

        var after = await PrometheusScrape.TakeAsync(fixture.Client);
        var writes = after.Value("appflow_storage_group_commit_batch_size_sum") - before.Value("appflow_storage_group_commit_batch_size_sum");
        var batches = after.Value("appflow_storage_group_commit_batch_size_count") - before.Value("appflow_storage_group_commit_batch_size_count");
        if (fixture.UsesPostgres)
        {
            // PostgreSQL commits each write in its own transaction: there is no batch to measure.
            Assert.Equal(0, writes);
        }
        else
        {
            Assert.Equal(6, writes);
            Assert.InRange(batches, 1, 6);
        }
    }

    [Fact]
    public async Task The_scrape_is_Prometheus_text_with_help_and_type_lines()
    {
        var scrape = await PrometheusScrape.TakeAsync(fixture.Client);
        Assert.Contains("# TYPE appflow_requests_total counter", scrape.Text, StringComparison.Ordinal);
        Assert.Contains("# TYPE appflow_request_duration_seconds histogram", scrape.Text, StringComparison.Ordinal);
        Assert.Contains("# TYPE appflow_storage_errors_total counter", scrape.Text, StringComparison.Ordinal);
        Assert.Contains("# HELP appflow_lambda_invocations_total", scrape.Text, StringComparison.Ordinal);
    }

    /// <summary>On SQLite.</summary>
    public sealed class OnSqlite(ServerFixture fixture) : MetricsTests(fixture), IClassFixture<ServerFixture>;

    /// <summary>On PostgreSQL.</summary>
    public sealed class OnPostgres(ServerFixture.OnPostgres fixture) : MetricsTests(fixture), IClassFixture<ServerFixture.OnPostgres>;
}
