using System.Text.Json;
using System.Text.Json.Nodes;

namespace AppFlowLocal.Tests.Interop;

/// <summary>A connector author's profile loop against the sample connector through the aws CLI, boto3 and the JavaScript SDK v3.</summary>
public sealed class ConnectorProfileInteropTests(ConnectorProfileInteropFixture fixture) : IClassFixture<ConnectorProfileInteropFixture>
{
    private const string Token = "cli-s3cr3t-token";

    private const string CustomConfig =
        "{\"connectorProfileProperties\":{\"CustomConnector\":{\"profileProperties\":{\"instanceName\":\"demo\"}}}," +
        "\"connectorProfileCredentials\":{\"CustomConnector\":{\"authenticationType\":\"CUSTOM\"," +
        "\"custom\":{\"customAuthenticationType\":\"SampleToken\",\"credentialsMap\":{\"token\":\"" + Token + "\"}}}}}";

    [Fact]
    public async Task The_CLI_creates_describes_and_deletes_a_profile_and_cannot_unregister_its_connector_meanwhile()
    {
        var account = fixture.NewCaller().Account;
        Task<Infrastructure.ProcessResult> Cli(params string[] arguments) => AwsCli.AppFlowAsync(fixture, account, arguments);

        (await Cli("register-connector", "--connector-label", "crm", "--connector-provisioning-type", "LAMBDA",
            "--connector-provisioning-config", $"lambda={{lambdaArn={ConnectorProfileInteropFixture.SampleArn(account)}}}")).AssertOutput("register");
        var created = (await Cli("create-connector-profile", "--connector-profile-name", "crm-demo", "--connector-type", "CustomConnector",
            "--connector-label", "crm", "--connection-mode", "Public", "--connector-profile-config", CustomConfig)).AssertOutput("create");
        Assert.Equal($"arn:aws:appflow:us-east-1:{account}:connectorprofile/crm-demo", created.GetProperty("connectorProfileArn").GetString());

        var described = await Cli("describe-connector-profiles", "--connector-type", "CustomConnector", "--connector-label", "crm");
        Assert.DoesNotContain(Token, described.StandardOutput, StringComparison.Ordinal);
        var profile = Assert.Single(described.AssertOutput("describe").GetProperty("connectorProfileDetails").EnumerateArray());
        Assert.Equal("crm-demo", profile.GetProperty("connectorProfileName").GetString());
        Assert.StartsWith($"arn:aws:secretsmanager:us-east-1:{account}:secret:appflow/crm-demo-", profile.GetProperty("credentialsArn").GetString(), StringComparison.Ordinal);

        var entities = (await Cli("list-connector-entities", "--connector-profile-name", "crm-demo", "--connector-type", "CustomConnector"))
            .AssertOutput("list entities").GetProperty("connectorEntityMap").GetProperty("Objects");
        Assert.Equal(["Sales", "Account", "Contact"], entities.EnumerateArray().Select(e => e.GetProperty("name").GetString()));

        var fields = (await Cli("describe-connector-entity", "--connector-profile-name", "crm-demo", "--connector-type", "CustomConnector",
            "--connector-entity-name", "Sales/Opportunity")).AssertOutput("describe entity").GetProperty("connectorEntityFields");
        Assert.Equal("BigDecimal", fields.EnumerateArray().Single(f => f.GetProperty("identifier").GetString() == "Amount")
            .GetProperty("supportedFieldTypeDetails").GetProperty("v1").GetProperty("fieldType").GetString());

        var unknown = (await Cli("create-connector-profile", "--connector-profile-name", "other", "--connector-type", "CustomConnector",
            "--connector-label", "unregistered", "--connection-mode", "Public", "--connector-profile-config", CustomConfig))
            .AssertError("ResourceNotFoundException", "CreateConnectorProfile", "a profile for an unregistered label");
        Assert.Equal("Connector:unregistered is not registered. Please register it first before creating ConnectorProfile.", unknown);

        (await Cli("unregister-connector", "--connector-label", "crm")).AssertError("ConflictException", "UnregisterConnector", "unregistering a connector in use");
        (await Cli("delete-connector-profile", "--connector-profile-name", "crm-demo")).AssertOutput("delete");
        Assert.Empty((await Cli("describe-connector-profiles")).AssertOutput("describe after delete").GetProperty("connectorProfileDetails").EnumerateArray());
        (await Cli("unregister-connector", "--connector-label", "crm")).AssertOutput("unregister");
    }

    [Fact]
    public async Task The_CLI_creates_updates_and_deletes_an_OAUTH2_profile_whose_tokens_its_token_URL_granted()
    {
        await using var tokens = await Infrastructure.TokenEndpointStandIn.StartAsync();
        var tokenUrl = tokens.NewTokenUrl(200, """{"access_token":"cli-access","token_type":"Bearer","refresh_token":"cli-refresh"}""");
        var caller = fixture.NewCaller();
        Task<Infrastructure.ProcessResult> Cli(params string[] arguments) => AwsCli.AppFlowAsync(fixture, caller.Account, arguments);
        var function = fixture.StandIn.NewFunction(Integration.OAuth2ProfileTests.OAuth2Configuration(tokenUrl));
        (await Cli("register-connector", "--connector-label", "oauth", "--connector-provisioning-type", "LAMBDA",
            "--connector-provisioning-config", $"lambda={{lambdaArn={fixture.StandIn.Arn(function)}}}")).AssertOutput("register");
        fixture.StandIn.Define(function, """{"isSuccess":true}""");

        string Config(string grant, string credentials) =>
            "{\"connectorProfileProperties\":{\"CustomConnector\":{\"profileProperties\":{\"instanceName\":\"demo\"}," +
            $"\"oAuth2Properties\":{{\"tokenUrl\":\"{tokenUrl}\",\"oAuth2GrantType\":\"{grant}\",\"tokenUrlCustomProperties\":{{\"audience\":\"crm-api\"}}}}}}}}," +
            "\"connectorProfileCredentials\":{\"CustomConnector\":{\"authenticationType\":\"OAUTH2\",\"oauth2\":" + credentials + "}}}";

        // Client credentials: the server fetches the token with the client's id and secret.
        (await Cli("create-connector-profile", "--connector-profile-name", "oauth-demo", "--connector-type", "CustomConnector",
            "--connector-label", "oauth", "--connection-mode", "Public",
            "--connector-profile-config", Config("CLIENT_CREDENTIALS", "{\"clientId\":\"cli-client\",\"clientSecret\":\"cli-client-secret\"}")))
            .AssertOutput("create");
        var fetched = Assert.Single(tokens.Requests(tokenUrl));
        Assert.Equal(("client_credentials", "cli-client", "crm-api"), (fetched["grant_type"], fetched["client_id"], fetched["audience"]));

        var described = await Cli("describe-connector-profiles", "--connector-type", "CustomConnector", "--connector-label", "oauth");
        Assert.DoesNotContain("cli-access", described.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("cli-client-secret", described.StandardOutput, StringComparison.Ordinal);
        var profile = Assert.Single(described.AssertOutput("describe").GetProperty("connectorProfileDetails").EnumerateArray());
        var properties = profile.GetProperty("connectorProfileProperties").GetProperty("CustomConnector").GetProperty("oAuth2Properties");
        Assert.Equal((tokenUrl, "CLIENT_CREDENTIALS"), (properties.GetProperty("tokenUrl").GetString(), properties.GetProperty("oAuth2GrantType").GetString()));
        var secretArn = profile.GetProperty("credentialsArn").GetString()!;
        Assert.Equal("cli-access", Secret(await caller.GetSecretValueAsync(secretArn)).GetProperty("accessToken").GetString());

        // An authorization code: exchanged at the token URL, and the new tokens replace the old behind the same secret.
        (await Cli("update-connector-profile", "--connector-profile-name", "oauth-demo", "--connection-mode", "Public",
            "--connector-profile-config", Config("AUTHORIZATION_CODE",
                "{\"clientId\":\"cli-client\",\"clientSecret\":\"cli-client-secret\",\"oAuthRequest\":{\"authCode\":\"cli-code\",\"redirectUri\":\"https://app.example.com/cb\"}}")))
            .AssertOutput("update");
        var exchanged = tokens.Requests(tokenUrl)[^1];
        Assert.Equal(("authorization_code", "cli-code"), (exchanged["grant_type"], exchanged["code"]));
        Assert.Equal("cli-refresh", Secret(await caller.GetSecretValueAsync(secretArn)).GetProperty("refreshToken").GetString());

        (await Cli("delete-connector-profile", "--connector-profile-name", "oauth-demo")).AssertOutput("delete");
        (await caller.GetSecretValueAsync(secretArn)).AssertError("ResourceNotFoundException", 400);
        (await Cli("unregister-connector", "--connector-label", "oauth")).AssertOutput("unregister");

        static JsonElement Secret(Infrastructure.AwsResponse response) =>
            JsonDocument.Parse(response.AssertOk().Json.GetProperty("SecretString").GetString()!).RootElement;
    }

    [Theory]
    [MemberData(nameof(SdkClients.All), MemberType = typeof(SdkClients))]
    public async Task An_SDK_creates_updates_and_deletes_an_OAUTH2_profile_whose_tokens_its_token_URL_granted(string client)
    {
        await using var tokens = await Infrastructure.TokenEndpointStandIn.StartAsync();
        var tokenUrl = tokens.NewTokenUrl(200, """{"access_token":"sdk-access","token_type":"Bearer","refresh_token":"sdk-refresh"}""");
        var caller = fixture.NewCaller();
        var function = fixture.StandIn.NewFunction(Integration.OAuth2ProfileTests.OAuth2Configuration(tokenUrl));
        (await caller.RegisterAsync("oauth", fixture.StandIn.Arn(function))).AssertOk();
        fixture.StandIn.Define(function, """{"isSuccess":true}""");

        JsonObject Config(string grant, JsonObject oauth2) => new()
        {
            ["connectorProfileProperties"] = new JsonObject
            {
                ["CustomConnector"] = new JsonObject
                {
                    ["profileProperties"] = new JsonObject { ["instanceName"] = "demo" },
                    ["oAuth2Properties"] = new JsonObject
                    {
                        ["tokenUrl"] = tokenUrl, ["oAuth2GrantType"] = grant, ["tokenUrlCustomProperties"] = new JsonObject { ["audience"] = "crm-api" },
                    },
                },
            },
            ["connectorProfileCredentials"] = new JsonObject
            {
                ["CustomConnector"] = new JsonObject { ["authenticationType"] = "OAUTH2", ["oauth2"] = oauth2 },
            },
        };
        SdkCall[] calls =
        [
            new("create", "CreateConnectorProfile", new JsonObject
            {
                ["connectorProfileName"] = "oauth-demo", ["connectorType"] = "CustomConnector", ["connectorLabel"] = "oauth", ["connectionMode"] = "Public",
                ["connectorProfileConfig"] = Config("CLIENT_CREDENTIALS", new JsonObject { ["clientId"] = "sdk-client", ["clientSecret"] = "sdk-client-secret" }),
            }),
            new("describe", "DescribeConnectorProfiles", new JsonObject { ["connectorProfileNames"] = new JsonArray("oauth-demo") }),
            new("update", "UpdateConnectorProfile", new JsonObject
            {
                ["connectorProfileName"] = "oauth-demo", ["connectionMode"] = "Public",
                ["connectorProfileConfig"] = Config("AUTHORIZATION_CODE", new JsonObject
                {
                    ["clientId"] = "sdk-client", ["clientSecret"] = "sdk-client-secret",
                    ["oAuthRequest"] = new JsonObject { ["authCode"] = "sdk-code", ["redirectUri"] = "https://app.example.com/cb" },
                }),
            }),
            new("delete", "DeleteConnectorProfile", new JsonObject { ["connectorProfileName"] = "oauth-demo" }),
            new("describe-after", "DescribeConnectorProfiles", new JsonObject { ["connectorProfileNames"] = new JsonArray("oauth-demo") }),
        ];

        var output = await SdkClients.RunAsync(fixture, client, caller.Account, "calls", new Dictionary<string, string> { ["CALLS"] = SdkCall.ToJson(calls) });

        output.Call("create").AssertResponse("create");
        var profile = Assert.Single(output.Call("describe").AssertResponse("describe").GetProperty("connectorProfileDetails").EnumerateArray());
        Assert.DoesNotContain("sdk-access", output.Call("describe").ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("sdk-client-secret", output.Call("describe").ToString(), StringComparison.Ordinal);
        Assert.Equal("CLIENT_CREDENTIALS", profile.GetProperty("connectorProfileProperties").GetProperty("CustomConnector").GetProperty("oAuth2Properties")
            .Text("oAuth2GrantType"));
        output.Call("update").AssertResponse("update");
        output.Call("delete").AssertResponse("delete");
        Assert.Empty(output.Call("describe-after").AssertResponse("describe after").GetProperty("connectorProfileDetails").EnumerateArray());
        Assert.Equal(["client_credentials", "authorization_code"], tokens.Requests(tokenUrl).Select(request => request["grant_type"]));
        Assert.Equal("sdk-code", tokens.Requests(tokenUrl)[1]["code"]);
    }

    /// <summary>The CUSTOM profile's configuration with another instanceName.</summary>
    private static JsonObject ConfigFor(string instanceName) =>
        JsonNode.Parse(CustomConfig.Replace("\"demo\"", $"\"{instanceName}\"", StringComparison.Ordinal))!.AsObject();

    /// <summary>Registers the sample as crm and creates a CUSTOM profile for it with the aws CLI; returns the profile's secret ARN.</summary>
    private async Task<string> CreateSampleProfileAsync(string account, string name)
    {
        Task<Infrastructure.ProcessResult> Cli(params string[] arguments) => AwsCli.AppFlowAsync(fixture, account, arguments);
        (await Cli("register-connector", "--connector-label", "crm", "--connector-provisioning-type", "LAMBDA",
            "--connector-provisioning-config", $"lambda={{lambdaArn={ConnectorProfileInteropFixture.SampleArn(account)}}}")).AssertOutput("register");
        (await Cli("create-connector-profile", "--connector-profile-name", name, "--connector-type", "CustomConnector",
            "--connector-label", "crm", "--connection-mode", "Public", "--connector-profile-config", CustomConfig)).AssertOutput("create");
        return (await Cli("describe-connector-profiles")).AssertOutput("describe").GetProperty("connectorProfileDetails")[0].Text("credentialsArn");
    }

    /// <summary>boto3's own Secrets Manager client, pointed at the server as a connector's is (AWS_ENDPOINT_URL_SECRETS_MANAGER).</summary>
    private const string ReadSecret = """
        import json, os, boto3, botocore
        client = boto3.client("secretsmanager", endpoint_url=os.environ["APPFLOW_ENDPOINT"])
        try:
            value = client.get_secret_value(SecretId=os.environ["SECRET_ID"])
            print(json.dumps({"ARN": value["ARN"], "Name": value["Name"], "SecretString": value["SecretString"], "VersionStages": value["VersionStages"]}))
        except botocore.exceptions.ClientError as e:
            print(json.dumps({"error": e.response["Error"]["Code"], "message": e.response["Error"]["Message"]}))
        """;

    [Fact]
    public async Task A_real_Secrets_Manager_client_reads_the_profile_s_credentials_in_its_account_only_while_the_profile_exists()
    {
        var account = fixture.NewCaller().Account;
        async Task<JsonElement> Read(string asAccount, string secretId)
        {
            var environment = fixture.ClientEnvironment(asAccount);
            environment["SECRET_ID"] = secretId;
            var result = await ClientProcess.RunAsync("python3", ["-c", ReadSecret], environment);
            Assert.True(result.ExitCode == 0, result.StandardError);
            return JsonDocument.Parse(result.StandardOutput).RootElement;
        }

        var secretArn = await CreateSampleProfileAsync(account, "crm-demo");

        var secret = await Read(account, secretArn);
        Assert.Equal(secretArn, secret.Text("ARN"));
        Assert.Equal(["AWSCURRENT"], secret.Strings("VersionStages"));
        var credentials = JsonDocument.Parse(secret.Text("SecretString")).RootElement;
        Assert.Equal("SampleToken", credentials.Text("customAuthenticationType"));
        Assert.Equal(Token, credentials.Text("token"));
        Assert.Equal(secretArn, (await Read(account, secret.Text("Name"))).Text("ARN"));

        var otherAccount = fixture.NewCaller().Account;
        Assert.Equal("ResourceNotFoundException", (await Read(otherAccount, secretArn)).Text("error"));

        (await AwsCli.AppFlowAsync(fixture, account, ["delete-connector-profile", "--connector-profile-name", "crm-demo"])).AssertOutput("delete");
        var gone = await Read(account, secretArn);
        Assert.Equal("ResourceNotFoundException", gone.Text("error"));
        Assert.Equal("Secrets Manager can't find the specified secret.", gone.Text("message"));
    }

    [Fact]
    public async Task A_connector_reads_the_credentials_it_validates_from_the_server_s_Secrets_Manager_with_boto3()
    {
        const string account = ConnectorProfileInteropFixture.SecretReaderAccount;
        Task<Infrastructure.ProcessResult> Cli(params string[] arguments) => AwsCli.AppFlowAsync(fixture, account, arguments);
        Task<Infrastructure.ProcessResult> Create(string name, string password) => Cli("create-connector-profile", "--connector-profile-name", name,
            "--connector-type", "CustomConnector", "--connector-label", "reader", "--connection-mode", "Public", "--connector-profile-config",
            "{\"connectorProfileProperties\":{\"CustomConnector\":{}},\"connectorProfileCredentials\":{\"CustomConnector\":" +
            "{\"authenticationType\":\"BASIC\",\"basic\":{\"username\":\"ada\",\"password\":\"" + password + "\"}}}}");

        (await Cli("register-connector", "--connector-label", "reader", "--connector-provisioning-type", "LAMBDA", "--connector-provisioning-config",
            $"lambda={{lambdaArn=arn:aws:lambda:us-east-1:{account}:function:{ConnectorProfileInteropFixture.SecretReader}}}")).AssertOutput("register");

        (await Create("right", "right")).AssertOutput("create with the right password");
        var message = (await Create("wrong", "wrong")).AssertError("ConnectorAuthenticationException", "CreateConnectorProfile", "a wrong password");

        Assert.Equal("Error authenticating to connector: wrong password for ada", message);
        var names = (await Cli("describe-connector-profiles")).AssertOutput("describe").GetProperty("connectorProfileDetails").EnumerateArray()
            .Select(p => p.GetProperty("connectorProfileName").GetString());
        Assert.Equal(["right"], names);
    }

    [Theory]
    [MemberData(nameof(SdkClients.All), MemberType = typeof(SdkClients))]
    public async Task An_SDK_creates_and_describes_profiles_gets_the_modeled_errors_and_force_unregisters(string client)
    {
        var account = fixture.NewCaller().Account;
        var config = JsonNode.Parse(CustomConfig)!.AsObject();
        var wrongSetting = JsonNode.Parse(CustomConfig.Replace("\"demo\"", "\"production\"", StringComparison.Ordinal))!.AsObject();
        SdkCall Create(string name, string label, JsonObject profileConfig) => new(name, "CreateConnectorProfile", new JsonObject
        {
            ["connectorProfileName"] = name, ["connectorType"] = "CustomConnector", ["connectorLabel"] = label, ["connectionMode"] = "Public",
            ["connectorProfileConfig"] = profileConfig.DeepClone(),
        });
        var describe = new JsonObject { ["connectorType"] = "CustomConnector" };
        SdkCall[] calls =
        [
            SdkCall.Register("register", "crm", ConnectorProfileInteropFixture.SampleArn(account)),
            Create("create", "crm", config),
            new("describe", "DescribeConnectorProfiles", describe),
            Create("create-unregistered", "unregistered", config),
            Create("create-wrong-setting", "crm", wrongSetting),
            new("unregister", "UnregisterConnector", new JsonObject { ["connectorLabel"] = "crm" }),
            new("unregister-force", "UnregisterConnector", new JsonObject { ["connectorLabel"] = "crm", ["forceDelete"] = true }),
            new("describe-after", "DescribeConnectorProfiles", describe.DeepClone().AsObject()),
        ];

        var output = await SdkClients.RunAsync(fixture, client, account, "calls", new Dictionary<string, string> { ["CALLS"] = SdkCall.ToJson(calls) });

        Assert.Equal($"arn:aws:appflow:us-east-1:{account}:connectorprofile/create",
            output.Call("create").AssertResponse("create").Text("connectorProfileArn"));
        var profile = Assert.Single(output.Call("describe").AssertResponse("describe").GetProperty("connectorProfileDetails").EnumerateArray());
        Assert.Equal("crm", profile.Text("connectorLabel"));
        Assert.DoesNotContain(Token, output.Call("describe").ToString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Object, profile.GetProperty("createdAt").ValueKind);
        Assert.Contains("is not registered", output.Call("create-unregistered").AssertError("ResourceNotFoundException", 404, "unregistered").Text("message"), StringComparison.Ordinal);
        Assert.Contains("instanceName", output.Call("create-wrong-setting").AssertError("ConnectorServerException", 400, "wrong setting").Text("message"), StringComparison.Ordinal);
        output.Call("unregister").AssertError("ConflictException", 409, "unregister in use");
        output.Call("unregister-force").AssertResponse("unregister with forceDelete");
        Assert.Empty(output.Call("describe-after").AssertResponse("describe after").GetProperty("connectorProfileDetails").EnumerateArray());
    }

    [Theory]
    [MemberData(nameof(SdkClients.All), MemberType = typeof(SdkClients))]
    public async Task An_SDK_updates_a_profile_and_lists_and_describes_its_entities(string client)
    {
        var account = fixture.NewCaller().Account;
        var (config, updated, wrongSetting) = (ConfigFor("demo"), ConfigFor("sandbox"), ConfigFor("production"));
        SdkCall Update(string name, string profile, JsonObject profileConfig) => new(name, "UpdateConnectorProfile", new JsonObject
        {
            ["connectorProfileName"] = profile, ["connectionMode"] = "Private", ["connectorProfileConfig"] = profileConfig.DeepClone(),
        });
        SdkCall[] calls =
        [
            SdkCall.Register("register", "crm", ConnectorProfileInteropFixture.SampleArn(account)),
            new("create", "CreateConnectorProfile", new JsonObject
            {
                ["connectorProfileName"] = "crm-demo", ["connectorType"] = "CustomConnector", ["connectorLabel"] = "crm", ["connectionMode"] = "Public",
                ["connectorProfileConfig"] = config.DeepClone(),
            }),
            Update("update", "crm-demo", updated),
            Update("update-wrong-setting", "crm-demo", wrongSetting),
            Update("update-unknown", "no-such-profile", updated),
            new("describe", "DescribeConnectorProfiles", new JsonObject { ["connectorProfileNames"] = new JsonArray("crm-demo") }),
            new("list", "ListConnectorEntities", new JsonObject { ["connectorProfileName"] = "crm-demo", ["connectorType"] = "CustomConnector" }),
            new("list-page", "ListConnectorEntities", new JsonObject
            {
                ["connectorProfileName"] = "crm-demo", ["connectorType"] = "CustomConnector", ["maxResults"] = 2,
            }),
            new("list-folder", "ListConnectorEntities", new JsonObject
            {
                ["connectorProfileName"] = "crm-demo", ["connectorType"] = "CustomConnector", ["entitiesPath"] = "Sales",
            }),
            new("describe-entity", "DescribeConnectorEntity", new JsonObject
            {
                ["connectorProfileName"] = "crm-demo", ["connectorType"] = "CustomConnector", ["connectorEntityName"] = "Sales/Opportunity",
            }),
            new("describe-unknown-entity", "DescribeConnectorEntity", new JsonObject
            {
                ["connectorProfileName"] = "crm-demo", ["connectorType"] = "CustomConnector", ["connectorEntityName"] = "Nothing",
            }),
            new("list-unknown-profile", "ListConnectorEntities", new JsonObject { ["connectorProfileName"] = "none", ["connectorType"] = "CustomConnector" }),
        ];

        var output = await SdkClients.RunAsync(fixture, client, account, "calls", new Dictionary<string, string> { ["CALLS"] = SdkCall.ToJson(calls) });

        var arn = output.Call("create").AssertResponse("create").Text("connectorProfileArn");
        Assert.Equal(arn, output.Call("update").AssertResponse("update").Text("connectorProfileArn"));
        Assert.Contains("instanceName", output.Call("update-wrong-setting").AssertError("ConnectorServerException", 400, "update wrong setting").Text("message"),
            StringComparison.Ordinal);
        output.Call("update-unknown").AssertError("ResourceNotFoundException", 404, "update unknown");
        var profile = Assert.Single(output.Call("describe").AssertResponse("describe").GetProperty("connectorProfileDetails").EnumerateArray());
        Assert.Equal("Private", profile.Text("connectionMode"));
        Assert.Equal("sandbox", profile.GetProperty("connectorProfileProperties").GetProperty("CustomConnector").GetProperty("profileProperties").Text("instanceName"));
        profile.GetProperty("lastUpdatedAt").AssertDateTime("lastUpdatedAt");

        static List<string> Names(JsonElement response) =>
            [.. response.GetProperty("connectorEntityMap").GetProperty("Objects").EnumerateArray().Select(e => e.Text("name"))];
        Assert.Equal(["Sales", "Account", "Contact"], Names(output.Call("list").AssertResponse("list")));
        var page = output.Call("list-page").AssertResponse("list page");
        Assert.Equal(["Sales", "Account"], Names(page));
        Assert.False(string.IsNullOrEmpty(page.Text("nextToken")));
        Assert.Equal(["Sales/Opportunity"], Names(output.Call("list-folder").AssertResponse("list folder")));
        var amount = output.Call("describe-entity").AssertResponse("describe entity").GetProperty("connectorEntityFields").EnumerateArray()
            .Single(f => f.Text("identifier") == "Amount");
        Assert.Equal("BigDecimal", amount.GetProperty("supportedFieldTypeDetails").GetProperty("v1").Text("fieldType"));
        output.Call("describe-unknown-entity").AssertError("ConnectorServerException", 400, "describe unknown entity");
        output.Call("list-unknown-profile").AssertError("ResourceNotFoundException", 404, "list entities of an unknown profile");
    }

    [Fact]
    public async Task The_JavaScript_SDK_s_Secrets_Manager_client_reads_a_profile_s_secret_in_its_account_only()
    {
        var account = fixture.NewCaller().Account;
        Task<JsonElement> Read(string asAccount, string secretId) =>
            SdkClients.RunAsync(fixture, SdkClients.JavaScript, asAccount, "secret", new Dictionary<string, string> { ["SECRET_ID"] = secretId });
        var secretArn = await CreateSampleProfileAsync(account, "crm-js");

        var secret = (await Read(account, secretArn)).AssertResponse("GetSecretValue");
        Assert.Equal(secretArn, secret.Text("ARN"));
        Assert.Equal(["AWSCURRENT"], secret.Strings("VersionStages"));
        secret.GetProperty("CreatedDate").AssertDateTime("CreatedDate");
        var credentials = JsonDocument.Parse(secret.Text("SecretString")).RootElement;
        Assert.Equal("SampleToken", credentials.Text("customAuthenticationType"));
        Assert.Equal(Token, credentials.Text("token"));
        Assert.Equal(secretArn, (await Read(account, secret.Text("Name"))).AssertResponse("GetSecretValue by name").Text("ARN"));

        var elsewhere = (await Read(fixture.NewCaller().Account, secretArn)).GetProperty("error");
        Assert.Equal("ResourceNotFoundException", elsewhere.Text("code"));
        Assert.Equal(400, elsewhere.GetProperty("httpStatus").GetInt32());
        Assert.Equal("Secrets Manager can't find the specified secret.", elsewhere.Text("message"));
    }
}
