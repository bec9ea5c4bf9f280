using AppFlowLocal.Tests.Infrastructure;
using Functions = AppFlowLocal.Tests.Infrastructure.LambdaStandInHost.Functions;

namespace AppFlowLocal.Tests.Interop;

/// <summary>The errors a CLI user meets registering and updating connectors, as the CLI reports them: exit code and "An error occurred (Code)".</summary>
public abstract class AwsCliFailureTests(InteropFixture fixture)
{
    private const string Taken = "cli-taken";

    public static TheoryData<string, string, string> Failures => new()
    {
        { "register-invalid-label", "ValidationException", "connectorLabel" },
        { "register-registered-label", "ConflictException", Taken },
        { "register-reused-token-other-description", "ConflictException", "cli-token" },
        { "register-missing-function", "ResourceNotFoundException", Functions.Missing },
        { "update-unknown-label", "ResourceNotFoundException", "never-registered" },
        { "register-throwing-function", "ConnectorServerException", "Exception while processing the request" },
        { "update-to-throwing-function", "ConnectorServerException", "Exception while processing the request" },
        { "register-invalid-credentials", "ConnectorAuthenticationException", "InvalidCredentials" },
        { "register-denied-function", "AccessDeniedException", Functions.Denied },
        { "register-throttled-function", "ThrottlingException", Functions.Throttled },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task The_CLI_reports_the_AWS_error(string failure, string code, string mentioned)
    {
        var caller = fixture.NewCaller();
        (await caller.RegisterAsync(Taken, fixture.StandIn.Arn(Functions.SamplePython), description: "one", clientToken: "cli-token")).AssertOk();

        var arguments = Command(failure);
        var operation = arguments[0] == "register-connector" ? "RegisterConnector" : "UpdateConnectorRegistration";
        var message = (await AwsCli.AppFlowAsync(fixture, caller.Account, arguments)).AssertError(code, operation, failure);
        Assert.Contains(mentioned, message, StringComparison.OrdinalIgnoreCase);
    }

    private string[] Command(string failure)
    {
        string[] Register(string label, string function, params string[] more) =>
            ["register-connector", "--connector-label", label, "--connector-provisioning-type", "LAMBDA",
             "--connector-provisioning-config", $"lambda={{lambdaArn={fixture.StandIn.Arn(function)}}}", .. more];

        return failure switch
        {
            "register-invalid-label" => Register("not a label", Functions.SamplePython),
            "register-registered-label" => Register(Taken, Functions.SamplePython),
            "register-reused-token-other-description" => Register(Taken, Functions.SamplePython, "--description", "two", "--client-token", "cli-token"),
            "register-missing-function" => Register("fresh", Functions.Missing),
            "update-unknown-label" => ["update-connector-registration", "--connector-label", "never-registered"],
            "register-throwing-function" => Register("fresh", Functions.Throws),
            "update-to-throwing-function" => ["update-connector-registration", "--connector-label", Taken,
                "--connector-provisioning-config", $"lambda={{lambdaArn={fixture.StandIn.Arn(Functions.Throws)}}}"],
            "register-invalid-credentials" => Register("fresh", Functions.InvalidCredentials),
            "register-denied-function" => Register("fresh", Functions.Denied),
            "register-throttled-function" => Register("fresh", Functions.Throttled),
            _ => throw new ArgumentOutOfRangeException(nameof(failure), failure, "No such failure case."),
        };
    }

    /// <summary>On SQLite.</summary>
    public sealed class OnSqlite(InteropFixture fixture) : AwsCliFailureTests(fixture), IClassFixture<InteropFixture>;

    /// <summary>On PostgreSQL.</summary>
    public sealed class OnPostgres(InteropFixture.OnPostgres fixture) : AwsCliFailureTests(fixture), IClassFixture<InteropFixture.OnPostgres>;
}
