using System.Text.Json;
using AppFlowLocal.Tests.Infrastructure;
using Functions = AppFlowLocal.Tests.Infrastructure.LambdaStandInHost.Functions;

namespace AppFlowLocal.Tests.Interop;

/// <summary>
/// Every error RegisterConnector and UpdateConnectorRegistration can answer reaches boto3 and the
/// JavaScript SDK as the model's own exception class, with its status and message. One process per
/// client runs all the calls (retries off); each theory case asserts on its call.
/// </summary>
public abstract class SdkFailureTests(InteropFixture fixture)
{
    private const string Taken = "taken";
    private const string Corrupted = "corrupted";

    private static readonly FailureCase[] Cases =
    [
        new("register-invalid-label", "ValidationException", 400, "connectorLabel"),
        new("register-registered-label", "ConflictException", 409, Taken),
        new("register-reused-token-other-description", "ConflictException", 409, "register-token"),
        new("register-missing-function", "ResourceNotFoundException", 404, Functions.Missing),
        new("register-denied-function", "AccessDeniedException", 403, Functions.Denied),
        new("register-throttled-function", "ThrottlingException", 429, Functions.Throttled),
        new("register-invalid-credentials", "ConnectorAuthenticationException", 401, "InvalidCredentials"),
        new("register-throwing-function", "ConnectorServerException", 400, "Exception while processing the request"),
        new("update-invalid-label", "ValidationException", 400, "connectorLabel"),
        new("update-unknown-label", "ResourceNotFoundException", 404, "never-registered"),
        new("update-reused-token-other-description", "ConflictException", 409, "update-token"),
        new("update-to-missing-function", "ResourceNotFoundException", 404, Functions.Missing),
        new("update-to-denied-function", "AccessDeniedException", 403, Functions.Denied),
        new("update-to-throttled-function", "ThrottlingException", 429, Functions.Throttled),
        new("update-to-invalid-credentials", "ConnectorAuthenticationException", 401, "InvalidCredentials"),
        new("update-to-throwing-function", "ConnectorServerException", 400, "Exception while processing the request"),
        new("update-unreadable-registration", "InternalServerException", 500, "internal error"),
    ];

    public static TheoryData<string, string, string, int> Failures()
    {
        var data = new TheoryData<string, string, string, int>();
        foreach (var client in new[] { SdkClients.Boto3, SdkClients.JavaScript })
        {
            foreach (var failure in Cases)
            {
                data.Add(client, failure.Call, failure.Code, failure.Status);
            }
        }

        return data;
    }

    public static TheoryData<string> Clients => SdkClients.All;

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task The_client_raises_the_modeled_exception(string client, string call, string code, int status)
    {
        var error = (await RunAllCallsAsync(client)).Call(call).AssertError(code, status, call);
        var mentioned = Cases.Single(c => c.Call == call).Mentioned;
        Assert.Contains(mentioned, error.Text("message"), StringComparison.OrdinalIgnoreCase);

        // Retries were off, so this is the server's answer to a single request.
        Assert.True(error.TryGetProperty("retryAttempts", out var retries) ? retries.GetInt32() == 0 : error.GetProperty("attempts").GetInt32() == 1,
            $"{call}: the client retried: {error}");
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public async Task Failed_updates_leave_the_registration_as_the_last_successful_call_left_it(string client)
    {
        var output = await RunAllCallsAsync(client);
        var configuration = output.Call("describe-taken-at-the-end").AssertResponse("describe at the end").GetProperty("connectorConfiguration");
        Assert.Equal("updated", configuration.Text("connectorDescription"));
        Assert.Equal(fixture.StandIn.Arn(Functions.SamplePython), configuration.GetProperty("connectorProvisioningConfig").GetProperty("lambda").Text("lambdaArn"));
    }

    /// <summary>All the calls, in one fresh account, once per client for the whole class.</summary>
    private Task<JsonElement> RunAllCallsAsync(string client) => fixture.OnceAsync($"{nameof(SdkFailureTests)}:{client}", async () =>
    {
        var caller = fixture.NewCaller();
        await CorruptARegistrationAsync(caller);
        string Arn(string function) => fixture.StandIn.Arn(function);
        SdkCall[] calls =
        [
            SdkCall.Register("setup-register", Taken, Arn(Functions.SamplePython), description: "one", clientToken: "register-token"),
            SdkCall.Update("setup-update", Taken, description: "updated", clientToken: "update-token"),
            SdkCall.Register("register-invalid-label", "not a label", Arn(Functions.SamplePython)),
            SdkCall.Register("register-registered-label", Taken, Arn(Functions.SamplePython), description: "one"),
            SdkCall.Register("register-reused-token-other-description", Taken, Arn(Functions.SamplePython), description: "two", clientToken: "register-token"),
            SdkCall.Register("register-missing-function", "fresh", Arn(Functions.Missing)),
            SdkCall.Register("register-denied-function", "fresh", Arn(Functions.Denied)),
            SdkCall.Register("register-throttled-function", "fresh", Arn(Functions.Throttled)),
            SdkCall.Register("register-invalid-credentials", "fresh", Arn(Functions.InvalidCredentials)),
            SdkCall.Register("register-throwing-function", "fresh", Arn(Functions.Throws)),
            SdkCall.Update("update-invalid-label", "-not-a-label"),
            SdkCall.Update("update-unknown-label", "never-registered"),
            SdkCall.Update("update-reused-token-other-description", Taken, description: "other", clientToken: "update-token"),
            SdkCall.Update("update-to-missing-function", Taken, Arn(Functions.Missing)),
            SdkCall.Update("update-to-denied-function", Taken, Arn(Functions.Denied)),
            SdkCall.Update("update-to-throttled-function", Taken, Arn(Functions.Throttled)),
            SdkCall.Update("update-to-invalid-credentials", Taken, Arn(Functions.InvalidCredentials)),
            SdkCall.Update("update-to-throwing-function", Taken, Arn(Functions.Throws), description: "never stored"),
            SdkCall.Update("update-unreadable-registration", Corrupted),
            SdkCall.Describe("describe-taken-at-the-end", Taken),
        ];
        var output = await SdkClients.RunAsync(fixture, client, caller.Account, "calls", new Dictionary<string, string> { ["CALLS"] = SdkCall.ToJson(calls) });
        output.Call("setup-register").AssertResponse("setup register");
        output.Call("setup-update").AssertResponse("setup update");
        return output;
    });

    /// <summary>
    /// A registration whose stored configuration is no longer JSON, written behind the server's back:
    /// reading it fails inside the server, the one way to meet InternalServerException for real.
    /// </summary>
    private async Task CorruptARegistrationAsync(AppFlowCaller caller)
    {
        (await caller.RegisterAsync(Corrupted, fixture.StandIn.Arn(Functions.SamplePython))).AssertOk();
        Assert.Equal(1, await fixture.ExecuteSqlAsync("UPDATE connectors SET configuration = 'not json' WHERE account = @account AND label = @label;",
            ("account", caller.Account), ("label", Corrupted)));
    }

    private sealed record FailureCase(string Call, string Code, int Status, string Mentioned);

    /// <summary>On SQLite.</summary>
    public sealed class OnSqlite(InteropFixture fixture) : SdkFailureTests(fixture), IClassFixture<InteropFixture>;

    /// <summary>On PostgreSQL.</summary>
    public sealed class OnPostgres(InteropFixture.OnPostgres fixture) : SdkFailureTests(fixture), IClassFixture<InteropFixture.OnPostgres>;
}
