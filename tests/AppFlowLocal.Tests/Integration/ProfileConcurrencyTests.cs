using AppFlowLocal.Tests.Infrastructure;

namespace AppFlowLocal.Tests.Integration;

/// <summary>
/// Connector profiles under concurrency (issue 17): the per-account profile quota is exact when creates race,
/// a profile is never stored for a connector unregistered while the profile was being validated, an update
/// writes only over the profile it read, and the secret of a profile being validated is readable on every node
/// over the database.
/// </summary>
public abstract class ProfileConcurrencyTests(ProfileConcurrencyFixture fixture)
{
    private const string Configuration = """
        {"isSuccess":true,"connectorOwner":"Tests","connectorName":"BasicOnly","connectorVersion":"1","connectorModes":["SOURCE"],
         "supportedApiVersions":["v1"],"authenticationConfig":{"isBasicAuthSupported":true}}
        """;

    private LambdaStandInHost StandIn => fixture.StandIn;

    private static string Body(string name, string label, string password = "right") => Json.Object(
        ("connectorProfileName", name), ("connectorType", "CustomConnector"), ("connectorLabel", label), ("connectionMode", "Public"),
        ("connectorProfileConfig", new Dictionary<string, object>
        {
            ["connectorProfileProperties"] = new Dictionary<string, object> { ["CustomConnector"] = new { } },
            ["connectorProfileCredentials"] = new Dictionary<string, object>
            {
                ["CustomConnector"] = new { authenticationType = "BASIC", basic = new { username = "ada", password } },
            },
        }));

    private static async Task<List<string>> ProfileNames(AppFlowCaller caller) =>
        [.. (await caller.PostAsync("/describe-connector-profiles", "{}")).AssertOk().Json.GetProperty("connectorProfileDetails").EnumerateArray()
            .Select(p => p.GetProperty("connectorProfileName").GetString()!)];

    private async Task<(AppFlowCaller Caller, string Function)> RegisteredAsync(string label = "basic")
    {
        var caller = fixture.NewCaller();
        var function = StandIn.NewFunction(Configuration);
        (await caller.RegisterAsync(label, StandIn.Arn(function))).AssertOk();
        return (caller, function);
    }

    /// <summary>Starts a create whose validation is held at its first invocation; returns once the connector has it.</summary>
    private async Task<(Task<AwsResponse> Create, HeldInvocation Held)> CreateHeldAsync(AppFlowCaller caller, string function, string name)
    {
        var held = StandIn.HoldNext(function);
        var create = caller.PostAsync("/create-connector-profile", Body(name, "basic"));
        await held.Arrived;
        return (create, held);
    }

    [Fact]
    public async Task Beyond_the_quota_a_create_is_AWS_s_ServiceQuotaExceededException_and_a_deleted_profile_frees_its_place()
    {
        var (caller, _) = await RegisteredAsync();
        (await caller.PostAsync("/create-connector-profile", Body("a", "basic"))).AssertOk();
        (await caller.PostAsync("/create-connector-profile", Body("b", "basic"))).AssertOk();

        var refused = (await caller.PostAsync("/create-connector-profile", Body("c", "basic"))).AssertError("ServiceQuotaExceededException", 402);

        Assert.Equal($"Account {caller.Account} has reached its quota of {ProfileConcurrencyFixture.Quota} connector profiles in region us-east-1.", refused.ErrorMessage);
        var (other, _) = await RegisteredAsync();
        (await other.PostAsync("/create-connector-profile", Body("c", "basic"))).AssertOk();
        (await caller.PostAsync("/delete-connector-profile", Json.Object(("connectorProfileName", "a")))).AssertOk();
        (await caller.PostAsync("/create-connector-profile", Body("c", "basic"))).AssertOk();
        Assert.Equal(["b", "c"], await ProfileNames(caller));
    }

    [Fact]
    public async Task Two_creates_racing_for_the_last_place_make_one_profile_and_one_ServiceQuotaExceededException()
    {
        var (caller, function) = await RegisteredAsync();
        (await caller.PostAsync("/create-connector-profile", Body("a", "basic"))).AssertOk();

        // Both pass the early count: the first is held inside its validation while the second commits.
        var (first, held) = await CreateHeldAsync(caller, function, "b");
        (await caller.PostAsync("/create-connector-profile", Body("c", "basic"))).AssertOk();
        held.Release();

        (await first).AssertError("ServiceQuotaExceededException", 402);
        Assert.Equal(["a", "c"], await ProfileNames(caller));
    }

    [Fact]
    public async Task A_connector_unregistered_while_a_profile_is_validated_refuses_the_profile_with_AWS_s_text()
    {
        var (caller, function) = await RegisteredAsync();
        var (create, held) = await CreateHeldAsync(caller, function, "p");

        (await caller.UnregisterAsync("basic")).AssertOk();
        held.Release();

        var refused = (await create).AssertError("ResourceNotFoundException", 404);
        Assert.Equal("Connector:basic is not registered. Please register it first before creating ConnectorProfile.", refused.ErrorMessage);
        Assert.Empty(await ProfileNames(caller));
        (await caller.DescribeAsync("basic")).AssertError("ResourceNotFoundException", 404);
    }

    [Fact]
    public async Task A_profile_validated_by_a_connector_that_was_registered_again_meanwhile_is_not_stored_for_the_new_one()
    {
        var (caller, function) = await RegisteredAsync();
        var (create, held) = await CreateHeldAsync(caller, function, "p");

        (await caller.UnregisterAsync("basic")).AssertOk();
        (await caller.RegisterAsync("basic", StandIn.Arn(StandIn.NewFunction(Configuration)))).AssertOk();
        held.Release();

        var refused = (await create).AssertError("ConflictException", 409);
        Assert.Contains("was unregistered and registered again while it validated connector profile p", refused.ErrorMessage, StringComparison.Ordinal);
        Assert.Empty(await ProfileNames(caller));
        (await caller.UnregisterAsync("basic")).AssertOk();
    }

    [Fact]
    public async Task An_unregister_while_a_profile_is_validated_on_another_node_ends_as_one_of_the_two_orders()
    {
        await using var second = await AppFlowServer.StartAsync(fixture.Directory, fixture.Arguments);
        using var secondClient = second.CreateClient();
        var (caller, function) = await RegisteredAsync();
        var onSecond = new AppFlowCaller(secondClient, caller.Account);
        var (create, held) = await CreateHeldAsync(caller, function, "p");

        var unregister = onSecond.UnregisterAsync("basic");
        await Task.Delay(200);
        held.Release();
        var (created, unregistered) = (await create, await unregister);

        if (created.Status == System.Net.HttpStatusCode.OK)
        {
            unregistered.AssertError("ConflictException", 409);
            Assert.Equal(["p"], await ProfileNames(onSecond));
        }
        else
        {
            unregistered.AssertOk();
            created.AssertError("ResourceNotFoundException", 404);
            Assert.Empty(await ProfileNames(onSecond));
            (await onSecond.DescribeAsync("basic")).AssertError("ResourceNotFoundException", 404);
        }
    }

    [Fact]
    public async Task A_connector_reads_the_secret_it_validates_from_a_node_other_than_the_one_that_invokes_it()
    {
        // The second node invokes the connector; the connector's Secrets Manager endpoint is the first node.
        await using var second = await AppFlowServer.StartAsync(fixture.Directory,
            [.. fixture.Arguments, $"--Lambda:FunctionEnvironment:AWS_ENDPOINT_URL_SECRETS_MANAGER={fixture.Server.BaseAddress}"]);
        using var secondClient = second.CreateClient();
        var onSecond = new AppFlowCaller(secondClient, ProfileConcurrencyFixture.SecretReaderAccount);
        (await onSecond.RegisterAsync("reader",
            $"arn:aws:lambda:us-east-1:{ProfileConcurrencyFixture.SecretReaderAccount}:function:{SecretReaderConnector.Function}")).AssertOk();

        (await onSecond.PostAsync("/create-connector-profile", Body("right", "reader"))).AssertOk();
        var wrong = (await onSecond.PostAsync("/create-connector-profile", Body("wrong", "reader", password: "wrong"))).AssertError("ConnectorAuthenticationException", 401);

        Assert.Equal("Error authenticating to connector: wrong password for ada", wrong.ErrorMessage);
        Assert.Equal(["right"], await ProfileNames(onSecond));
        (await onSecond.PostAsync("/unregister-connector", Json.Object(("connectorLabel", "reader"), ("forceDelete", true)))).AssertOk();
    }

    private static string UpdateBody(string name, string password, string connectionMode = "Public") => Json.Object(
        ("connectorProfileName", name), ("connectionMode", connectionMode),
        ("connectorProfileConfig", new Dictionary<string, object>
        {
            ["connectorProfileProperties"] = new Dictionary<string, object> { ["CustomConnector"] = new { } },
            ["connectorProfileCredentials"] = new Dictionary<string, object>
            {
                ["CustomConnector"] = new { authenticationType = "BASIC", basic = new { username = "ada", password } },
            },
        }));

    /// <summary>Starts an update whose validation is held at its first invocation; returns once the connector has it.</summary>
    private async Task<(Task<AwsResponse> Update, HeldInvocation Held)> UpdateHeldAsync(AppFlowCaller caller, string function, string name, string password)
    {
        var held = StandIn.HoldNext(function);
        var update = caller.PostAsync("/update-connector-profile", UpdateBody(name, password));
        await held.Arrived;
        return (update, held);
    }

    private static async Task<System.Text.Json.JsonElement> ProfileAsync(AppFlowCaller caller, string name) =>
        Assert.Single((await caller.PostAsync("/describe-connector-profiles", Json.Object(("connectorProfileNames", new[] { name })))).AssertOk()
            .Json.GetProperty("connectorProfileDetails").EnumerateArray());

    /// <summary>The password in the secret's SecretString, read as a connector reads it (Secrets Manager's GetSecretValue).</summary>
    private static async Task<string> PasswordInSecretAsync(AppFlowCaller caller, string secretArn)
    {
        var secret = (await caller.GetSecretValueAsync(secretArn)).AssertOk();
        return System.Text.Json.JsonDocument.Parse(secret.Json.GetProperty("SecretString").GetString()!).RootElement.GetProperty("password").GetString()!;
    }

    [Fact]
    public async Task An_update_validated_while_its_profile_was_deleted_and_created_again_on_another_connector_is_a_ConflictException_and_changes_nothing()
    {
        var (caller, functionA) = await RegisteredAsync("connector-a");
        var functionB = StandIn.NewFunction(Configuration);
        (await caller.RegisterAsync("connector-b", StandIn.Arn(functionB))).AssertOk();
        (await caller.PostAsync("/create-connector-profile", Body("p", "connector-a", password: "a-password"))).AssertOk();

        // The update reads p (on connector A) and is held in A's credential check while p is deleted and made again on B.
        var (update, held) = await UpdateHeldAsync(caller, functionA, "p", "updated-password");
        (await caller.PostAsync("/delete-connector-profile", Json.Object(("connectorProfileName", "p")))).AssertOk();
        (await caller.PostAsync("/create-connector-profile", Body("p", "connector-b", password: "b-password"))).AssertOk();
        var recreated = await ProfileAsync(caller, "p");
        held.Release();

        var refused = (await update).AssertError("ConflictException", 409);
        Assert.Equal("The connector profile p was changed by another request while this update was validating it " +
            "(another update, or a delete and a new profile of the name); this update changed nothing. " +
            "Describe the connector profile and send the update again if it still applies.", refused.ErrorMessage);
        var after = await ProfileAsync(caller, "p");
        Assert.Equal(recreated.GetRawText(), after.GetRawText());
        Assert.Equal("connector-b", after.GetProperty("connectorLabel").GetString());
        Assert.Equal("b-password", await PasswordInSecretAsync(caller, after.GetProperty("credentialsArn").GetString()!));
    }

    [Fact]
    public async Task An_update_validated_while_its_profile_was_deleted_is_a_ResourceNotFoundException_and_writes_nothing()
    {
        var (caller, function) = await RegisteredAsync();
        (await caller.PostAsync("/create-connector-profile", Body("p", "basic", password: "old-password"))).AssertOk();
        var secretArn = (await ProfileAsync(caller, "p")).GetProperty("credentialsArn").GetString()!;

        var (update, held) = await UpdateHeldAsync(caller, function, "p", "updated-password");
        (await caller.PostAsync("/delete-connector-profile", Json.Object(("connectorProfileName", "p")))).AssertOk();
        held.Release();

        var refused = (await update).AssertError("ResourceNotFoundException", 404);
        Assert.Equal($"No connector profile named p exists in account {caller.Account} and region us-east-1.", refused.ErrorMessage);
        Assert.Empty(await ProfileNames(caller));
        (await caller.GetSecretValueAsync(secretArn)).AssertError("ResourceNotFoundException", 400);

        // The name is free, and a profile made under it is not touched by the failed update.
        (await caller.PostAsync("/create-connector-profile", Body("p", "basic", password: "new-password"))).AssertOk();
        Assert.Equal("new-password", await PasswordInSecretAsync(caller, (await ProfileAsync(caller, "p")).GetProperty("credentialsArn").GetString()!));
    }

    [Fact]
    public async Task Of_two_updates_racing_on_one_profile_the_one_that_did_not_see_the_other_is_a_ConflictException_and_changes_nothing()
    {
        var (caller, function) = await RegisteredAsync();
        (await caller.PostAsync("/create-connector-profile", Body("p", "basic", password: "old-password"))).AssertOk();

        var (first, held) = await UpdateHeldAsync(caller, function, "p", "first-password");
        (await caller.PostAsync("/update-connector-profile", UpdateBody("p", "second-password", connectionMode: "Private"))).AssertOk();
        var second = await ProfileAsync(caller, "p");
        held.Release();

        var refused = (await first).AssertError("ConflictException", 409);
        Assert.Contains("The connector profile p was changed by another request", refused.ErrorMessage, StringComparison.Ordinal);
        var after = await ProfileAsync(caller, "p");
        Assert.Equal(second.GetRawText(), after.GetRawText());
        Assert.Equal("Private", after.GetProperty("connectionMode").GetString());
        Assert.Equal("second-password", await PasswordInSecretAsync(caller, after.GetProperty("credentialsArn").GetString()!));

        // Sent again, now over the profile it has seen, the update applies.
        (await caller.PostAsync("/update-connector-profile", UpdateBody("p", "first-password"))).AssertOk();
        Assert.Equal("first-password", await PasswordInSecretAsync(caller, after.GetProperty("credentialsArn").GetString()!));
    }

    public sealed class OnSqlite(ProfileConcurrencyFixture fixture) : ProfileConcurrencyTests(fixture), IClassFixture<ProfileConcurrencyFixture>;

    public sealed class OnPostgres(ProfileConcurrencyFixture.OnPostgres fixture) : ProfileConcurrencyTests(fixture), IClassFixture<ProfileConcurrencyFixture.OnPostgres>;
}
