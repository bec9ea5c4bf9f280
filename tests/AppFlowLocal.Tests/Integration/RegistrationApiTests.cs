using System.Net;
using System.Text.Json;
using AppFlowLocal.Tests.Infrastructure;
using Functions = AppFlowLocal.Tests.Infrastructure.LambdaStandInHost.Functions;

namespace AppFlowLocal.Tests.Integration;

/// <summary>The operations end to end: real server process, real HTTP, a real Lambda Invoke API stand-in.</summary>
public abstract class RegistrationApiTests(ServerFixture fixture)
{
    private LambdaStandInHost StandIn => fixture.StandIn;

    [Fact]
    public async Task Register_returns_the_connector_ARN_as_JSON_with_a_request_id()
    {
        var caller = fixture.NewCaller();
        var response = (await caller.RegisterAsync("first", StandIn.Arn(Functions.SamplePython))).AssertOk();
        Assert.Equal(caller.ConnectorArn("first"), response.Json.GetProperty("connectorArn").GetString());
        Assert.Equal("application/json", response.Message.Content.Headers.ContentType?.MediaType);
        Assert.True(Guid.TryParse(response.RequestId, out _));
    }

    [Fact]
    public async Task Describe_returns_the_registration_and_the_mapped_configuration()
    {
        var caller = fixture.NewCaller();
        var lambdaArn = StandIn.Arn(Functions.SamplePython);
        (await caller.RegisterAsync("described", lambdaArn, description: "Reads tickets")).AssertOk();
        var configuration = (await caller.DescribeAsync("described")).AssertOk().Json.GetProperty("connectorConfiguration");

        Assert.Equal("CustomConnector", configuration.GetProperty("connectorType").GetString());
        Assert.Equal("described", configuration.GetProperty("connectorLabel").GetString());
        Assert.Equal("Reads tickets", configuration.GetProperty("connectorDescription").GetString());
        Assert.Equal(caller.ConnectorArn("described"), configuration.GetProperty("connectorArn").GetString());
        Assert.Equal("LAMBDA", configuration.GetProperty("connectorProvisioningType").GetString());
        Assert.Equal(lambdaArn, configuration.GetProperty("connectorProvisioningConfig").GetProperty("lambda").GetProperty("lambdaArn").GetString());
        Assert.Equal($"arn:aws:iam::{caller.Account}:root", configuration.GetProperty("registeredBy").GetString());
        var registeredAt = configuration.GetProperty("registeredAt");
        Assert.Equal(JsonValueKind.Number, registeredAt.ValueKind);
        Assert.InRange(registeredAt.GetDouble(), DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds());
        Assert.False(string.IsNullOrEmpty(configuration.GetProperty("connectorName").GetString()));
        Assert.False(string.IsNullOrEmpty(configuration.GetProperty("connectorVersion").GetString()));
        Assert.NotEmpty(configuration.GetProperty("connectorModes").EnumerateArray());
        Assert.DoesNotContain("null", (await caller.DescribeAsync("described")).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registering_a_label_twice_is_a_conflict()
    {
        var caller = fixture.NewCaller();
        (await caller.RegisterAsync("twice", StandIn.Arn(Functions.SamplePython))).AssertOk();
        var second = (await caller.RegisterAsync("twice", StandIn.Arn(Functions.SampleJava))).AssertError("ConflictException", 409);
        Assert.Contains("twice", second.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_input_reports_every_violation_and_creates_nothing()
    {
        var caller = fixture.NewCaller();
        var response = (await caller.PostAsync("/register-connector", """{"connectorLabel":"x y","description":"semi;colon"}"""))
            .AssertError("ValidationException", 400);
        Assert.Equal(
            "3 validation errors detected: " +
            @"Value 'x y' at 'connectorLabel' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9][\w!@#.-]+; " +
            @"Value 'semi;colon' at 'description' failed to satisfy constraint: Member must satisfy regular expression pattern: [\s\w/!@#+=.-]*; " +
            "Value null at 'connectorProvisioningConfig.lambda.lambdaArn' failed to satisfy constraint: Member must not be null",
            response.ErrorMessage);
        Assert.Empty((await caller.PostAsync("/list-connectors", "{}")).AssertOk().Json.GetProperty("connectors").EnumerateArray());
    }

    [Fact]
    public async Task A_lambdaArn_that_is_not_a_function_ARN_is_refused_before_any_invocation()
    {
        var caller = fixture.NewCaller();
        var response = (await caller.RegisterAsync("not-a-function", "arn:aws:s3:us-east-1:123456789012:bucket")).AssertError("ValidationException", 400);
        Assert.Contains("at 'connectorProvisioningConfig.lambda.lambdaArn' failed to satisfy constraint: Member must be a Lambda function ARN", response.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/register-connector")]
    [InlineData("/update-connector-registration")]
    public async Task Clauses_follow_member_order_with_the_function_ARN_clause_in_its_member_s_place(string operation)
    {
        var caller = fixture.NewCaller();
        const string ArnClause = "Value 'arn:aws:s3:us-east-1:123456789012:bucket' at 'connectorProvisioningConfig.lambda.lambdaArn' failed to satisfy constraint: "
            + "Member must be a Lambda function ARN: arn:aws:lambda:{region}:{account}:function:{name}[:{qualifier}]";
        var token = new string('t', 257);
        var tokenClause = $"Value '{token}' at 'clientToken' failed to satisfy constraint: Member must have length less than or equal to 256";

        var wrongFunction = (await caller.PostAsync(operation, Json.Object(("connectorLabel", "ordered"),
            ("connectorProvisioningConfig", new { lambda = new { lambdaArn = "arn:aws:s3:us-east-1:123456789012:bucket" } }), ("clientToken", token))))
            .AssertError("ValidationException", 400);
        var noFunction = operation == "/update-connector-registration"
            ? (await caller.PostAsync(operation, Json.Object(("connectorLabel", "ordered"), ("connectorProvisioningConfig", new { }), ("clientToken", token)))).AssertError("ValidationException", 400)
            : null;

        Assert.Equal($"2 validation errors detected: {ArnClause}; {tokenClause}", wrongFunction.ErrorMessage);
        if (noFunction is not null)
        {
            Assert.Equal($"2 validation errors detected: Value null at 'connectorProvisioningConfig.lambda' failed to satisfy constraint: Member must not be null; {tokenClause}",
                noFunction.ErrorMessage);
        }
    }

    [Fact]
    public async Task Clauses_a_custom_connector_adds_take_their_members_places_among_the_model_s()
    {
        var caller = fixture.NewCaller();
        var token = new string('t', 257);
        var tokenClause = $"Value '{token}' at 'clientToken' failed to satisfy constraint: Member must have length less than or equal to 256";
        var modeClause = "Value 'Nowhere' at 'connectionMode' failed to satisfy constraint: Member must satisfy enum value set: [Public, Private]";

        // connectorLabel and the custom credentials are the server's own requirements for a custom connector: their
        // clauses come where their members stand (connectorLabel before connectionMode, the credentials inside
        // connectorProfileConfig), not after clientToken's.
        var create = (await caller.PostAsync("/create-connector-profile", Json.Object(("connectorProfileName", "ordered"),
            ("connectorType", "CustomConnector"), ("connectionMode", "Nowhere"),
            ("connectorProfileConfig", new { connectorProfileProperties = new { CustomConnector = new { profileProperties = new { a = "b" } } } }),
            ("clientToken", token)))).AssertError("ValidationException", 400);
        var list = (await caller.PostAsync("/list-connector-entities", Json.Object(("connectorType", "CustomConnector"), ("maxResults", 0))))
            .AssertError("ValidationException", 400);

        Assert.Equal("4 validation errors detected: "
            + "Value null at 'connectorLabel' failed to satisfy constraint: Member must not be null; "
            + $"{modeClause}; "
            + "Value null at 'connectorProfileConfig.connectorProfileCredentials.CustomConnector' failed to satisfy constraint: Member must not be null; "
            + tokenClause, create.ErrorMessage);
        Assert.Equal("2 validation errors detected: "
            + "Value null at 'connectorProfileName' failed to satisfy constraint: Member must not be null; "
            + "Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1", list.ErrorMessage);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("""{"connectorLabel": 42}""")]
    [InlineData("""{"connectorLabel": "a", "connectorProvisioningConfig": "lambda"}""")]
    [InlineData("[1, 2]")]
    public async Task A_body_that_cannot_be_read_is_a_SerializationException(string body)
    {
        var response = (await fixture.NewCaller().PostAsync("/register-connector", body)).AssertError("SerializationException", 400);
        Assert.False(string.IsNullOrEmpty(response.ErrorMessage));
    }

    [Fact]
    public async Task An_empty_body_is_an_empty_object()
    {
        (await fixture.NewCaller().PostAsync("/list-connectors", "")).AssertOk();
        var response = (await fixture.NewCaller().PostAsync("/unregister-connector", "")).AssertError("ValidationException", 400);
        Assert.Contains("Value null at 'connectorLabel'", response.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_members_are_ignored()
    {
        var caller = fixture.NewCaller();
        (await caller.PostAsync("/register-connector", Json.Object(
            ("connectorLabel", "extra"), ("somethingNew", new[] { 1, 2 }),
            ("connectorProvisioningConfig", new { lambda = new { lambdaArn = StandIn.Arn(Functions.SamplePython), future = true } })))).AssertOk();
    }

    [Fact]
    public async Task The_provisioning_type_defaults_to_LAMBDA_and_accepts_nothing_else()
    {
        var caller = fixture.NewCaller();
        var lambda = new { lambda = new { lambdaArn = StandIn.Arn(Functions.SamplePython) } };
        (await caller.PostAsync("/register-connector", Json.Object(("connectorLabel", "untyped"), ("connectorProvisioningConfig", lambda)))).AssertOk();
        var configuration = (await caller.DescribeAsync("untyped")).AssertOk().Json.GetProperty("connectorConfiguration");
        Assert.Equal("LAMBDA", configuration.GetProperty("connectorProvisioningType").GetString());

        var refused = (await caller.PostAsync("/register-connector", Json.Object(("connectorLabel", "typed"),
            ("connectorProvisioningType", "HTTP"), ("connectorProvisioningConfig", lambda)))).AssertError("ValidationException", 400);
        Assert.Contains("Member must satisfy enum value set: [LAMBDA]", refused.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_route_is_an_UnknownOperationException()
    {
        (await fixture.NewCaller().PostAsync("/create-flow", "{}")).AssertError("UnknownOperationException", 404);
        var get = await fixture.Client.GetAsync(new Uri("/register-connector", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal("UnknownOperationException", get.Headers.GetValues("x-amzn-ErrorType").Single());
    }

    [Fact]
    public async Task Describe_and_unregister_of_an_unknown_label_are_ResourceNotFound()
    {
        var caller = fixture.NewCaller();
        (await caller.DescribeAsync("ghost")).AssertError("ResourceNotFoundException", 404);
        (await caller.UnregisterAsync("ghost")).AssertError("ResourceNotFoundException", 404);
    }

    [Fact]
    public async Task Describe_of_a_managed_connector_type_says_it_is_out_of_scope()
    {
        var caller = fixture.NewCaller();
        var response = (await caller.PostAsync("/describe-connector", """{"connectorType":"Salesforce"}""")).AssertError("ValidationException", 400);
        Assert.Contains("custom connectors only", response.ErrorMessage, StringComparison.Ordinal);
        (await caller.PostAsync("/describe-connectors", """{"connectorTypes":["Salesforce"]}""")).AssertError("ValidationException", 400);
        var noLabel = (await caller.PostAsync("/describe-connector", """{"connectorType":"CustomConnector"}""")).AssertError("ValidationException", 400);
        Assert.Contains("Value null at 'connectorLabel'", noLabel.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unregister_removes_the_connector()
    {
        var caller = fixture.NewCaller();
        (await caller.RegisterAsync("gone", StandIn.Arn(Functions.SamplePython))).AssertOk();
        var response = (await caller.PostAsync("/unregister-connector", """{"connectorLabel":"gone","forceDelete":true}""")).AssertOk();
        Assert.Equal("{}", response.Body);
        (await caller.DescribeAsync("gone")).AssertError("ResourceNotFoundException", 404);
        (await caller.RegisterAsync("gone", StandIn.Arn(Functions.SamplePython))).AssertOk();
    }

    [Fact]
    public async Task Accounts_and_regions_are_isolated()
    {
        var first = fixture.NewCaller();
        var second = fixture.NewCaller();
        var elsewhere = first.InRegion("eu-west-1");
        (await first.RegisterAsync("shared-label", StandIn.Arn(Functions.SamplePython))).AssertOk();
        (await second.DescribeAsync("shared-label")).AssertError("ResourceNotFoundException", 404);
        (await elsewhere.DescribeAsync("shared-label")).AssertError("ResourceNotFoundException", 404);
        var arn = (await elsewhere.RegisterAsync("shared-label", StandIn.Arn(Functions.SamplePython))).AssertOk().Json.GetProperty("connectorArn").GetString();
        Assert.Equal($"arn:aws:appflow:eu-west-1:{first.Account}:connector/shared-label", arn);
    }

    [Fact]
    public async Task A_request_without_credentials_uses_the_default_account_and_region()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/list-connectors") { Content = new StringContent("{}") };
        var response = await fixture.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var label = "anonymous-" + Guid.NewGuid().ToString("N")[..8];
        var body = Json.Object(("connectorLabel", label), ("connectorProvisioningConfig", new { lambda = new { lambdaArn = StandIn.Arn(Functions.SamplePython) } }));
        using var register = new HttpRequestMessage(HttpMethod.Post, "/register-connector") { Content = new StringContent(body) };
        var registered = await fixture.Client.SendAsync(register);
        var json = JsonDocument.Parse(await registered.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal($"arn:aws:appflow:us-east-1:000000000000:connector/{label}", json.GetProperty("connectorArn").GetString());
    }

    [Fact]
    public async Task A_malformed_Authorization_header_is_refused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/list-connectors") { Content = new StringContent("{}") };
        request.Headers.TryAddWithoutValidation("Authorization", "Basic dXNlcjpwYXNz");
        var response = await fixture.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("IncompleteSignatureException", response.Headers.GetValues("x-amzn-ErrorType").Single());
    }

    [Theory]
    [InlineData("us:east")]
    [InlineData("x y'z")]
    [InlineData("US-WEST-2")]
    public async Task A_credential_scope_region_that_is_not_a_region_is_refused_and_registers_nothing(string region)
    {
        var caller = new AppFlowCaller(fixture.Client, fixture.NewCaller().Account, region);
        var refused = (await caller.RegisterAsync("regional", StandIn.Arn(Functions.SamplePython))).AssertError("IncompleteSignatureException", 403);
        Assert.Contains(region, refused.ErrorMessage, StringComparison.Ordinal);
        Assert.NotNull(refused.RequestId);

        // Nothing landed under any spelling of the region.
        var lower = caller.InRegion("us-west-2");
        (await lower.DescribeAsync("regional")).AssertError("ResourceNotFoundException", 404);
    }

    [Fact]
    public async Task The_connector_function_is_invoked_with_a_SigV4_signature_for_lambda_in_its_region()
    {
        var caller = fixture.NewCaller();
        var function = StandIn.NewFunction(LambdaStandInHost.Configuration("1.0"));
        (await caller.RegisterAsync("signed", StandIn.Arn(function, region: "eu-west-1"))).AssertOk();
        var authorization = StandIn.LastAuthorization(function);
        Assert.NotNull(authorization);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDAPPFLOWLOCAL/", authorization, StringComparison.Ordinal);
        Assert.Contains("/eu-west-1/lambda/aws4_request", authorization, StringComparison.Ordinal);
        Assert.Contains("{\"type\":\"DescribeConnectorConfigurationRequest\"", StandIn.LastBody(function), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_server_log_says_why_a_call_was_refused()
    {
        var response = (await fixture.NewCaller().PostAsync("/register-connector", """{"connectorLabel":"why not"}""")).AssertError("ValidationException", 400);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!fixture.Server.Output.Contains(response.RequestId!, StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        var line = fixture.Server.Output.Split('\n').SkipWhile(l => !l.Contains("/register-connector 400", StringComparison.Ordinal))
            .FirstOrDefault(l => l.Contains("'why not'", StringComparison.Ordinal));
        Assert.True(line is not null, $"No log line explains the refusal:\n{fixture.Server.Output}");
        Assert.Contains("ValidationException", fixture.Server.Output, StringComparison.Ordinal);
    }

    /// <summary>On SQLite.</summary>
    public sealed class OnSqlite(ServerFixture fixture) : RegistrationApiTests(fixture), IClassFixture<ServerFixture>;

    /// <summary>On PostgreSQL.</summary>
    public sealed class OnPostgres(ServerFixture.OnPostgres fixture) : RegistrationApiTests(fixture), IClassFixture<ServerFixture.OnPostgres>;
}
