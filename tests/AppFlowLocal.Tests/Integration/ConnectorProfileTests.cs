using System.Text.Json;
using AppFlowLocal.Tests.Infrastructure;

namespace AppFlowLocal.Tests.Integration;

/// <summary>Create, Describe and DeleteConnectorProfile for custom connectors, through the sample connector and the stand-in (issue 17).</summary>
public abstract class ConnectorProfileTests(ConnectorProfileFixture fixture)
{
    private const string Token = "s3cr3t-token-value";
    private const string Password = "pa55-w0rd-value";

    private LambdaStandInHost StandIn => fixture.StandIn;

    /// <summary>A connector whose configuration supports BASIC only and needs one CONNECTOR_PROFILE setting.</summary>
    private static string BasicOnlyConfiguration => """
        {"isSuccess":true,"connectorOwner":"Tests","connectorName":"BasicOnly","connectorVersion":"1","connectorModes":["SOURCE"],
         "supportedApiVersions":["v1"],
         "authenticationConfig":{"isBasicAuthSupported":true,"isApiKeyAuthSupported":false,"isOAuth2Supported":false,"isCustomAuthSupported":false},
         "connectorRuntimeSetting":[{"key":"instanceName","dataType":"String","required":true,"label":"Instance","description":"Which one","scope":"CONNECTOR_PROFILE"},
                                    {"key":"pageSize","dataType":"Integer","required":true,"label":"Page size","description":"Records","scope":"SOURCE"}]}
        """;

    private static string Body(string name, string label, object credentials, Dictionary<string, string>? properties = null,
        string connectorType = "CustomConnector", string? clientToken = null) => Json.Object(
        ("connectorProfileName", name), ("connectorType", connectorType), ("connectorLabel", label), ("connectionMode", "Public"),
        ("connectorProfileConfig", new Dictionary<string, object>
        {
            ["connectorProfileProperties"] = new Dictionary<string, object> { ["CustomConnector"] = new { profileProperties = properties ?? new Dictionary<string, string> { ["instanceName"] = "demo" } } },
            ["connectorProfileCredentials"] = new Dictionary<string, object> { ["CustomConnector"] = credentials },
        }),
        ("clientToken", clientToken));

    private static object Custom(string token = Token) => new
    {
        authenticationType = "CUSTOM",
        custom = new { customAuthenticationType = "SampleToken", credentialsMap = new Dictionary<string, string> { ["token"] = token, ["region"] = "eu" } },
    };

    private static object Basic => new { authenticationType = "BASIC", basic = new { username = "ada", password = Password } };

    private static Task<AwsResponse> Describe(AppFlowCaller caller, string? label = null, string[]? names = null, int? maxResults = null, string? nextToken = null) =>
        caller.PostAsync("/describe-connector-profiles", Json.Object(
            ("connectorType", "CustomConnector"), ("connectorLabel", label), ("connectorProfileNames", names), ("maxResults", maxResults), ("nextToken", nextToken)));

    private static Task<AwsResponse> Delete(AppFlowCaller caller, string name) =>
        caller.PostAsync("/delete-connector-profile", Json.Object(("connectorProfileName", name)));

    private static async Task<List<JsonElement>> Profiles(AppFlowCaller caller) =>
        [.. (await Describe(caller)).AssertOk().Json.GetProperty("connectorProfileDetails").EnumerateArray()];

    [Theory]
    [InlineData("CUSTOM")]
    [InlineData("BASIC")]
    public async Task A_profile_for_the_sample_is_created_described_without_its_credentials_and_deleted(string authenticationType)
    {
        var caller = fixture.NewCaller();
        (await caller.RegisterAsync("crm", fixture.SampleArn(caller.Account))).AssertOk();

        var created = (await caller.PostAsync("/create-connector-profile", Body("crm-demo", "crm", authenticationType == "CUSTOM" ? Custom() : Basic))).AssertOk();
        var arn = $"arn:aws:appflow:us-east-1:{caller.Account}:connectorprofile/crm-demo";
        Assert.Equal(arn, created.Json.GetProperty("connectorProfileArn").GetString());

        var described = (await Describe(caller, label: "crm")).AssertOk();
        Assert.DoesNotContain(Token, described.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, described.Body, StringComparison.Ordinal);
        var profile = Assert.Single(described.Json.GetProperty("connectorProfileDetails").EnumerateArray());
        Assert.Equal(arn, profile.GetProperty("connectorProfileArn").GetString());
        Assert.Equal("crm-demo", profile.GetProperty("connectorProfileName").GetString());
        Assert.Equal("CustomConnector", profile.GetProperty("connectorType").GetString());
        Assert.Equal("crm", profile.GetProperty("connectorLabel").GetString());
        Assert.Equal("Public", profile.GetProperty("connectionMode").GetString());
        Assert.StartsWith($"arn:aws:secretsmanager:us-east-1:{caller.Account}:secret:appflow/crm-demo-", profile.GetProperty("credentialsArn").GetString(), StringComparison.Ordinal);
        Assert.Equal("demo", profile.GetProperty("connectorProfileProperties").GetProperty("CustomConnector").GetProperty("profileProperties").GetProperty("instanceName").GetString());
        Assert.Equal(JsonValueKind.Number, profile.GetProperty("createdAt").ValueKind);
        Assert.Equal(JsonValueKind.Number, profile.GetProperty("lastUpdatedAt").ValueKind);

        (await Delete(caller, "crm-demo")).AssertOk();
        Assert.Empty(await Profiles(caller));
        (await Delete(caller, "crm-demo")).AssertError("ResourceNotFoundException", 404);
    }

    [Fact]
    public async Task A_profile_for_an_unregistered_label_is_AWS_s_ResourceNotFoundException()
    {
        var caller = fixture.NewCaller();
        var response = (await caller.PostAsync("/create-connector-profile", Body("p", "never-registered", Basic))).AssertError("ResourceNotFoundException", 404);
        Assert.Equal("Connector:never-registered is not registered. Please register it first before creating ConnectorProfile.", response.ErrorMessage);
    }

    [Fact]
    public async Task The_connector_gets_the_SDK_shaped_events_with_the_secret_s_ARN_and_never_a_credential()
    {
        var caller = fixture.NewCaller();
        var function = StandIn.NewFunction(BasicOnlyConfiguration);
        (await caller.RegisterAsync("basic", StandIn.Arn(function))).AssertOk();
        StandIn.Define(function, """{"isSuccess":true}""");

        (await caller.PostAsync("/create-connector-profile", Body("p", "basic", Basic))).AssertOk();

        Assert.Equal(3, StandIn.Invocations(function));
        var body = StandIn.LastBody(function)!;
        Assert.DoesNotContain(Password, body, StringComparison.Ordinal);
        var validate = JsonDocument.Parse(body).RootElement;
        Assert.Equal("ValidateCredentialsRequest", validate.GetProperty("type").GetString());
        Assert.Equal("BasicAuth", validate.GetProperty("credentials").GetProperty("authenticationType").GetString());
        var credentialsArn = Assert.Single(await Profiles(caller)).GetProperty("credentialsArn").GetString();
        Assert.Equal(credentialsArn, validate.GetProperty("credentials").GetProperty("secretArn").GetString());
        Assert.Equal("demo", validate.GetProperty("connectorRuntimeSettings").GetProperty("instanceName").GetString());
    }

    [Fact]
    public async Task Wrong_credentials_are_a_ConnectorAuthenticationException_with_the_connector_s_message_and_store_nothing()
    {
        var caller = fixture.NewCaller();
        var function = StandIn.NewFunction(BasicOnlyConfiguration);
        (await caller.RegisterAsync("basic", StandIn.Arn(function))).AssertOk();
        StandIn.Define(function, """{"isSuccess":false,"errorDetails":{"errorCode":"InvalidCredentials","errorMessage":"The password for ada is wrong"}}""");

        var response = (await caller.PostAsync("/create-connector-profile", Body("p", "basic", Basic))).AssertError("ConnectorAuthenticationException", 401);

        Assert.Equal("Error authenticating to connector: The password for ada is wrong", response.ErrorMessage);
        Assert.Empty(await Profiles(caller));
    }

    [Fact]
    public async Task Runtime_settings_the_sample_refuses_are_a_ConnectorServerException_and_store_nothing()
    {
        var caller = fixture.NewCaller();
        (await caller.RegisterAsync("crm", fixture.SampleArn(caller.Account))).AssertOk();

        var response = (await caller.PostAsync("/create-connector-profile", Body("p", "crm", Custom(), new() { ["instanceName"] = "production" })))
            .AssertError("ConnectorServerException", 400);

        Assert.Contains("instanceName must be one of demo, sandbox", response.ErrorMessage, StringComparison.Ordinal);
        Assert.Empty(await Profiles(caller));
    }

    [Fact]
    public async Task A_missing_required_setting_or_auth_parameter_or_an_unsupported_type_is_a_ValidationException_without_invocation()
    {
        var caller = fixture.NewCaller();
        var function = StandIn.NewFunction(BasicOnlyConfiguration);
        (await caller.RegisterAsync("basic", StandIn.Arn(function))).AssertOk();
        (await caller.RegisterAsync("crm", fixture.SampleArn(caller.Account))).AssertOk();

        var noSetting = (await caller.PostAsync("/create-connector-profile", Body("p", "basic", Basic, []))).AssertError("ValidationException", 400);
        Assert.Equal("Required runtime setting instanceName (scope CONNECTOR_PROFILE) of connector basic is missing from " +
            "connectorProfileConfig.connectorProfileProperties.CustomConnector.profileProperties", noSetting.ErrorMessage);

        var unsupported = (await caller.PostAsync("/create-connector-profile", Body("p", "basic", Custom()))).AssertError("ValidationException", 400);
        Assert.Equal("Connector basic does not support authentication type CUSTOM; it supports BASIC", unsupported.ErrorMessage);
        Assert.Equal(1, StandIn.Invocations(function));

        var noToken = new
        {
            authenticationType = "CUSTOM",
            custom = new { customAuthenticationType = "SampleToken", credentialsMap = new Dictionary<string, string> { ["region"] = "eu" } },
        };
        var noParameter = (await caller.PostAsync("/create-connector-profile", Body("p", "crm", noToken))).AssertError("ValidationException", 400);
        Assert.Equal("Required auth parameter token of SampleToken is missing from connectorProfileConfig.connectorProfileCredentials.CustomConnector.custom.credentialsMap",
            noParameter.ErrorMessage);
        Assert.Empty(await Profiles(caller));
    }

    [Fact]
    public async Task Model_constraints_are_reported_AWS_style_and_never_quote_a_sensitive_value()
    {
        var caller = fixture.NewCaller();
        (await caller.RegisterAsync("crm", fixture.SampleArn(caller.Account))).AssertOk();
        var longPassword = new string('x', 513);

        var response = (await caller.PostAsync("/create-connector-profile",
            Body("bad name", "crm", new { authenticationType = "BASIC", basic = new { username = "ada", password = longPassword } }))).AssertError("ValidationException", 400);

        Assert.Equal("2 validation errors detected: " +
            @"Value 'bad name' at 'connectorProfileName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w/!@#+=.-]+; " +
            "Value '*** Sensitive Data Redacted ***' at 'connectorProfileConfig.connectorProfileCredentials.CustomConnector.basic.password' failed to satisfy constraint: Member must have length less than or equal to 512",
            response.ErrorMessage);
    }

    [Fact]
    public async Task AWS_managed_connector_types_are_refused_as_out_of_scope()
    {
        var caller = fixture.NewCaller();
        var response = (await caller.PostAsync("/create-connector-profile", Body("p", "crm", Basic, connectorType: "Salesforce"))).AssertError("ValidationException", 400);
        Assert.Contains("AppFlow Local serves custom connectors only", response.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_taken_name_is_a_conflict_and_the_first_profile_stays()
    {
        var caller = fixture.NewCaller();
        (await caller.RegisterAsync("crm", fixture.SampleArn(caller.Account))).AssertOk();
        (await caller.PostAsync("/create-connector-profile", Body("p", "crm", Custom()))).AssertOk();
        var before = Assert.Single(await Profiles(caller)).GetProperty("credentialsArn").GetString();

        var response = (await caller.PostAsync("/create-connector-profile", Body("p", "crm", Basic))).AssertError("ConflictException", 409);

        Assert.Equal("A connector profile named p already exists.", response.ErrorMessage);
        Assert.Equal(before, Assert.Single(await Profiles(caller)).GetProperty("credentialsArn").GetString());
    }

    [Fact]
    public async Task A_reused_clientToken_replays_and_with_other_parameters_is_a_conflict()
    {
        var caller = fixture.NewCaller();
        (await caller.RegisterAsync("crm", fixture.SampleArn(caller.Account))).AssertOk();
        var first = (await caller.PostAsync("/create-connector-profile", Body("p", "crm", Custom(), clientToken: "token-1"))).AssertOk();

        var again = (await caller.PostAsync("/create-connector-profile", Body("p", "crm", Custom(), clientToken: "token-1"))).AssertOk();
        Assert.Equal(first.Json.GetProperty("connectorProfileArn").GetString(), again.Json.GetProperty("connectorProfileArn").GetString());
        (await caller.PostAsync("/create-connector-profile", Body("p", "crm", Custom("other-token"), clientToken: "token-1"))).AssertError("ConflictException", 409);
        Assert.Single(await Profiles(caller));
    }

    [Fact]
    public async Task Profiles_are_described_by_name_and_by_connector_in_pages()
    {
        var caller = fixture.NewCaller();
        (await caller.RegisterAsync("crm", fixture.SampleArn(caller.Account))).AssertOk();
        (await caller.RegisterAsync("crm2", fixture.SampleArn(caller.Account))).AssertOk();
        foreach (var (name, label) in new[] { ("a", "crm"), ("b", "crm2"), ("c", "crm") })
        {
            (await caller.PostAsync("/create-connector-profile", Body(name, label, Custom()))).AssertOk();
        }

        static string[] Names(AwsResponse response) =>
            [.. response.Json.GetProperty("connectorProfileDetails").EnumerateArray().Select(p => p.GetProperty("connectorProfileName").GetString()!)];
        Assert.Equal(["a", "c"], Names((await Describe(caller, label: "crm")).AssertOk()));
        Assert.Equal(["b", "c"], Names((await Describe(caller, names: ["c", "b"])).AssertOk()));
        var first = (await Describe(caller, maxResults: 2)).AssertOk();
        Assert.Equal(["a", "b"], Names(first));
        var second = (await Describe(caller, maxResults: 2, nextToken: first.Json.GetProperty("nextToken").GetString())).AssertOk();
        Assert.Equal(["c"], Names(second));
        Assert.False(second.Json.TryGetProperty("nextToken", out _));
        Assert.Empty(Names((await Describe(caller.InRegion("eu-west-1"))).AssertOk()));
    }

    [Fact]
    public async Task Unregistering_a_connector_a_profile_uses_is_a_conflict_unless_forceDelete_which_takes_the_profile_along()
    {
        var caller = fixture.NewCaller();
        (await caller.RegisterAsync("crm", fixture.SampleArn(caller.Account))).AssertOk();
        (await caller.PostAsync("/create-connector-profile", Body("p", "crm", Custom()))).AssertOk();

        var refused = (await caller.UnregisterAsync("crm")).AssertError("ConflictException", 409);
        Assert.Contains("forceDelete", refused.ErrorMessage, StringComparison.Ordinal);
        (await caller.DescribeAsync("crm")).AssertOk();
        Assert.Single(await Profiles(caller));

        (await caller.PostAsync("/unregister-connector", Json.Object(("connectorLabel", "crm"), ("forceDelete", true)))).AssertOk();
        (await caller.DescribeAsync("crm")).AssertError("ResourceNotFoundException", 404);
        Assert.Empty(await Profiles(caller));
    }

    private static Task<AwsResponse> ListEntities(AppFlowCaller caller, string profile, string? entitiesPath = null, int? maxResults = null, string? nextToken = null) =>
        caller.PostAsync("/list-connector-entities", Json.Object(
            ("connectorProfileName", profile), ("connectorType", "CustomConnector"), ("entitiesPath", entitiesPath), ("maxResults", maxResults), ("nextToken", nextToken)));

    private static List<(string Name, string? Label, bool Nested)> Entities(AwsResponse response) =>
        [.. Assert.Single(response.Json.GetProperty("connectorEntityMap").EnumerateObject(), group => group.Name == "Objects").Value.EnumerateArray()
            .Select(e => (e.GetProperty("name").GetString()!, e.TryGetProperty("label", out var label) ? label.GetString() : null, e.GetProperty("hasNestedEntities").GetBoolean()))];

    [Fact]
    public async Task The_sample_s_entities_are_listed_through_a_profile_by_folder_and_in_pages()
    {
        var caller = fixture.NewCaller();
        (await caller.RegisterAsync("crm", fixture.SampleArn(caller.Account))).AssertOk();
        (await caller.PostAsync("/create-connector-profile", Body("p", "crm", Custom()))).AssertOk();

        var top = (await ListEntities(caller, "p")).AssertOk();
        Assert.Equal([("Sales", "Sales", true), ("Account", "Account", false), ("Contact", "Contact", false)], Entities(top));
        Assert.False(top.Json.TryGetProperty("nextToken", out _));
        Assert.Equal([("Sales/Opportunity", "Opportunity", false)], Entities((await ListEntities(caller, "p", entitiesPath: "Sales")).AssertOk()));

        var first = (await ListEntities(caller, "p", maxResults: 2)).AssertOk();
        Assert.Equal(["Sales", "Account"], Entities(first).Select(e => e.Name));
        var second = (await ListEntities(caller, "p", maxResults: 2, nextToken: first.Json.GetProperty("nextToken").GetString())).AssertOk();
        Assert.Equal(["Contact"], Entities(second).Select(e => e.Name));

        var notAFolder = (await ListEntities(caller, "p", entitiesPath: "Nowhere")).AssertError("ConnectorServerException", 400);
        Assert.Contains("entitiesPath 'Nowhere' is not a folder", notAFolder.ErrorMessage, StringComparison.Ordinal);
        (await ListEntities(caller, "no-such-profile")).AssertError("ResourceNotFoundException", 404);
        (await caller.PostAsync("/list-connector-entities", Json.Object(("connectorType", "CustomConnector")))).AssertError("ValidationException", 400);
    }

    [Fact]
    public async Task ListEntities_carries_the_profile_s_context_with_the_secret_s_ARN_and_the_connector_s_first_api_version()
    {
        var caller = fixture.NewCaller();
        var function = StandIn.NewFunction(BasicOnlyConfiguration);
        (await caller.RegisterAsync("basic", StandIn.Arn(function))).AssertOk();
        StandIn.Define(function, """{"isSuccess":true,"entities":[{"entityIdentifier":"a","hasNestedEntities":false,"isWritable":true,"label":null,"description":null}],"nextToken":null}""");
        (await caller.PostAsync("/create-connector-profile", Body("p", "basic", Basic))).AssertOk();

        var listed = (await ListEntities(caller, "p", entitiesPath: "x", maxResults: 7)).AssertOk();

        Assert.Equal([("a", null, false)], Entities(listed));
        var body = StandIn.LastBody(function)!;
        Assert.DoesNotContain(Password, body, StringComparison.Ordinal);
        var sent = JsonDocument.Parse(body).RootElement;
        Assert.Equal("ListEntitiesRequest", sent.GetProperty("type").GetString());
        Assert.Equal("x", sent.GetProperty("entitiesPath").GetString());
        Assert.Equal(7, sent.GetProperty("maxResult").GetInt32());
        var context = sent.GetProperty("connectorContext");
        Assert.Equal("v1", context.GetProperty("apiVersion").GetString());
        Assert.Equal("demo", context.GetProperty("connectorRuntimeSettings").GetProperty("instanceName").GetString());
        Assert.Equal("BasicAuth", context.GetProperty("credentials").GetProperty("authenticationType").GetString());
        Assert.Equal(Assert.Single(await Profiles(caller)).GetProperty("credentialsArn").GetString(), context.GetProperty("credentials").GetProperty("secretArn").GetString());
    }

    [Fact]
    public async Task An_entity_of_the_sample_is_described_field_by_field_through_a_profile()
    {
        var caller = fixture.NewCaller();
        (await caller.RegisterAsync("crm", fixture.SampleArn(caller.Account))).AssertOk();
        (await caller.PostAsync("/create-connector-profile", Body("p", "crm", Custom()))).AssertOk();

        var response = (await caller.PostAsync("/describe-connector-entity", Json.Object(
            ("connectorEntityName", "Account"), ("connectorType", "CustomConnector"), ("connectorProfileName", "p")))).AssertOk();

        var fields = response.Json.GetProperty("connectorEntityFields").EnumerateArray().ToDictionary(f => f.GetProperty("identifier").GetString()!);
        Assert.Equal(["Id", "Name", "Industry", "Employees", "AnnualRevenue", "IsActive", "CustomerSince", "LastModified"], fields.Keys);
        Assert.True(fields["Id"].GetProperty("isPrimaryKey").GetBoolean());
        var industry = fields["Industry"].GetProperty("supportedFieldTypeDetails").GetProperty("v1");
        Assert.Equal("String", industry.GetProperty("fieldType").GetString());
        Assert.Equal(["Software", "Retail", "Manufacturing", "Healthcare"], industry.GetProperty("supportedValues").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(80, fields["Name"].GetProperty("supportedFieldTypeDetails").GetProperty("v1").GetProperty("fieldLengthRange").GetProperty("maximum").GetDouble());
        Assert.True(fields["LastModified"].GetProperty("sourceProperties").GetProperty("isTimestampFieldForIncrementalQueries").GetBoolean());
        Assert.False(fields["LastModified"].TryGetProperty("destinationProperties", out _));
        Assert.Equal(["UPDATE", "UPSERT", "DELETE"], fields["Id"].GetProperty("destinationProperties").GetProperty("supportedWriteOperations").EnumerateArray().Select(v => v.GetString()));

        var unknown = (await caller.PostAsync("/describe-connector-entity", Json.Object(
            ("connectorEntityName", "Nothing"), ("connectorType", "CustomConnector"), ("connectorProfileName", "p")))).AssertError("ConnectorServerException", 400);
        Assert.Contains("Nothing", unknown.ErrorMessage, StringComparison.Ordinal);
        (await caller.PostAsync("/describe-connector-entity", Json.Object(("connectorEntityName", "Account"), ("connectorProfileName", "none"))))
            .AssertError("ResourceNotFoundException", 404);
    }

    private static string UpdateBody(string name, object credentials, Dictionary<string, string> properties, string? clientToken = null) => Json.Object(
        ("connectorProfileName", name), ("connectionMode", "Private"),
        ("connectorProfileConfig", new Dictionary<string, object>
        {
            ["connectorProfileProperties"] = new Dictionary<string, object> { ["CustomConnector"] = new { profileProperties = properties } },
            ["connectorProfileCredentials"] = new Dictionary<string, object> { ["CustomConnector"] = credentials },
        }),
        ("clientToken", clientToken));

    [Fact]
    public async Task An_update_the_connector_accepts_replaces_settings_and_credentials_behind_the_same_secret_and_a_refused_one_changes_nothing()
    {
        var caller = fixture.NewCaller();
        var function = StandIn.NewFunction(BasicOnlyConfiguration);
        (await caller.RegisterAsync("basic", StandIn.Arn(function))).AssertOk();
        StandIn.Define(function, """{"isSuccess":true}""");
        (await caller.PostAsync("/create-connector-profile", Body("p", "basic", Basic))).AssertOk();
        var before = Assert.Single(await Profiles(caller));

        var updated = (await caller.PostAsync("/update-connector-profile", UpdateBody("p",
            new { authenticationType = "BASIC", basic = new { username = "grace", password = "n3w-pa55" } }, new() { ["instanceName"] = "sandbox" }))).AssertOk();

        Assert.Equal(before.GetProperty("connectorProfileArn").GetString(), updated.Json.GetProperty("connectorProfileArn").GetString());
        var after = Assert.Single(await Profiles(caller));
        Assert.Equal("sandbox", after.GetProperty("connectorProfileProperties").GetProperty("CustomConnector").GetProperty("profileProperties").GetProperty("instanceName").GetString());
        Assert.Equal("Private", after.GetProperty("connectionMode").GetString());
        Assert.Equal(before.GetProperty("credentialsArn").GetString(), after.GetProperty("credentialsArn").GetString());
        Assert.True(after.GetProperty("lastUpdatedAt").GetDouble() >= before.GetProperty("lastUpdatedAt").GetDouble());
        var validated = JsonDocument.Parse(StandIn.LastBody(function)!).RootElement;
        Assert.Equal("sandbox", validated.GetProperty("connectorRuntimeSettings").GetProperty("instanceName").GetString());

        StandIn.Define(function, """{"isSuccess":false,"errorDetails":{"errorCode":"InvalidCredentials","errorMessage":"no"}}""");
        (await caller.PostAsync("/update-connector-profile", UpdateBody("p", Basic, new() { ["instanceName"] = "demo" }))).AssertError("ConnectorAuthenticationException", 401);
        Assert.Equal("sandbox", Assert.Single(await Profiles(caller)).GetProperty("connectorProfileProperties").GetProperty("CustomConnector")
            .GetProperty("profileProperties").GetProperty("instanceName").GetString());

        (await caller.PostAsync("/update-connector-profile", UpdateBody("none", Basic, new() { ["instanceName"] = "demo" }))).AssertError("ResourceNotFoundException", 404);
        (await caller.PostAsync("/update-connector-profile", UpdateBody("p", Basic, []))).AssertError("ValidationException", 400);
    }

    [Fact]
    public async Task Profile_validations_and_entity_listings_are_in_the_function_s_invocation_log_failures_included()
    {
        var caller = fixture.NewCaller();
        var function = StandIn.NewFunction(BasicOnlyConfiguration);
        var arn = StandIn.Arn(function);
        (await caller.RegisterAsync("logged", arn)).AssertOk();
        StandIn.Define(function, """{"isSuccess":true}""");
        (await caller.PostAsync("/create-connector-profile", Body("p", "logged", Basic))).AssertOk();
        StandIn.Define(function, """{"isSuccess":false,"errorDetails":{"errorCode":"InvalidCredentials","errorMessage":"wrong password"}}""");
        var refused = (await caller.PostAsync("/create-connector-profile", Body("q", "logged", Basic))).AssertError("ConnectorAuthenticationException", 401);
        StandIn.DefineUnhandledError(function);
        var failedListing = (await ListEntities(caller, "p")).AssertError("ConnectorServerException", 400);

        var log = (await caller.GetAsync($"/_appflow-local/invocations?functionArn={Uri.EscapeDataString(arn)}")).AssertOk().Json
            .GetProperty("invocations").EnumerateArray().Select(e => (
                Operation: e.GetProperty("operation").GetString(), RequestType: e.GetProperty("requestType").GetString(),
                Outcome: e.GetProperty("outcome").GetString(), Label: e.GetProperty("connectorLabel").GetString(),
                Error: e.TryGetProperty("error", out var error) ? error.GetString() : null)).ToList();
        const string validation = "ValidateConnectorRuntimeSettingsRequest, ValidateCredentialsRequest";
        Assert.Equal(
        [
            ("ListConnectorEntities", "ListEntitiesRequest", "ConnectorServerException", "logged", failedListing.ErrorMessage),
            ("CreateConnectorProfile", validation, "ConnectorAuthenticationException", "logged", refused.ErrorMessage),
            ("CreateConnectorProfile", validation, "Success", "logged", null),
            ("RegisterConnector", "DescribeConnectorConfigurationRequest", "Success", "logged", null),
        ], log);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("secretsmanager.ListSecrets")]
    public async Task POST_slash_is_an_unknown_operation_unless_it_is_GetSecretValue(string? target)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent("""{"SecretId":"x"}""") };
        if (target is not null)
        {
            request.Headers.Add("X-Amz-Target", target);
        }

        using var response = await fixture.Client.SendAsync(request);

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("UnknownOperationException", response.Headers.GetValues("x-amzn-ErrorType").Single());
    }

    [Fact]
    public async Task A_stored_request_fingerprint_cannot_be_checked_against_a_guessed_password_without_the_secrets_key()
    {
        var caller = fixture.NewCaller();
        (await caller.RegisterAsync("crm", fixture.SampleArn(caller.Account))).AssertOk();
        var body = Body("guarded", "crm", Basic, clientToken: "fingerprinted");
        (await caller.PostAsync("/create-connector-profile", body)).AssertOk();

        // What anyone holding a copy of the database can compute for a guess, the right guess included.
        var stored = await StoredRequestHashAsync(caller.Account, "fingerprinted");
        var guessed = PlainFingerprint(body);
        Assert.DoesNotContain(guessed, stored, StringComparison.OrdinalIgnoreCase);

        // Keyed, it still tells a retry from a changed request.
        (await caller.PostAsync("/create-connector-profile", body)).AssertOk();
        var changed = Body("guarded", "crm", new { authenticationType = "BASIC", basic = new { username = "ada", password = "another" } }, clientToken: "fingerprinted");
        (await caller.PostAsync("/create-connector-profile", changed)).AssertError("ConflictException", 409);
    }

    [Fact]
    public async Task A_token_stored_with_a_plain_fingerprint_before_an_upgrade_still_replays_and_still_conflicts()
    {
        var caller = fixture.NewCaller();
        (await caller.RegisterAsync("crm", fixture.SampleArn(caller.Account))).AssertOk();
        var body = Body("upgraded", "crm", Basic, clientToken: "before-upgrade");
        var first = (await caller.PostAsync("/create-connector-profile", body)).AssertOk();

        // As a server before keyed fingerprints wrote it, the token within its lifetime.
        Assert.Equal(1, await fixture.ExecuteSqlAsync("UPDATE idempotency_tokens SET request_hash = @hash WHERE account = @account AND token = @token",
            ("hash", PlainFingerprint(body)), ("account", caller.Account), ("token", "before-upgrade")));

        var retried = (await caller.PostAsync("/create-connector-profile", body)).AssertOk();
        Assert.Equal(first.Body, retried.Body);
        var changed = Body("upgraded", "crm", new { authenticationType = "BASIC", basic = new { username = "ada", password = "another" } }, clientToken: "before-upgrade");
        (await caller.PostAsync("/create-connector-profile", changed)).AssertError("ConflictException", 409);
    }

    /// <summary>SHA-256 of the request's canonical JSON, token cleared: the fingerprint as it was stored before it was keyed.</summary>
    private static string PlainFingerprint(string body)
    {
        var typeInfo = AppFlowLocal.Wire.AppFlowJsonContext.Default.CreateConnectorProfileRequest;
        var request = JsonSerializer.Deserialize(body, typeInfo)!;
        return AppFlowLocal.Wire.RestJson.Fingerprint(request with { ClientToken = null }, typeInfo);
    }

    private async Task<string> StoredRequestHashAsync(string account, string token)
    {
        const string Query = "SELECT request_hash FROM idempotency_tokens WHERE account = @account AND token = @token";
        if (fixture.UsesPostgres)
        {
            await using var connection = new Npgsql.NpgsqlConnection(fixture.PostgresConnectionString);
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand(Query, connection);
            command.Parameters.AddWithValue("account", account);
            command.Parameters.AddWithValue("token", token);
            return (string)(await command.ExecuteScalarAsync())!;
        }

        // The file alone, as a copy of it would be read.
        await using var sqlite = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={fixture.DatabasePath};Mode=ReadOnly;Pooling=False");
        await sqlite.OpenAsync();
        await using var query = sqlite.CreateCommand();
        query.CommandText = Query;
        query.Parameters.AddWithValue("@account", account);
        query.Parameters.AddWithValue("@token", token);
        return (string)(await query.ExecuteScalarAsync())!;
    }

    public sealed class OnSqlite(ConnectorProfileFixture fixture) : ConnectorProfileTests(fixture), IClassFixture<ConnectorProfileFixture>;

    public sealed class OnPostgres(ConnectorProfileFixture.OnPostgres fixture) : ConnectorProfileTests(fixture), IClassFixture<ConnectorProfileFixture.OnPostgres>;
}
