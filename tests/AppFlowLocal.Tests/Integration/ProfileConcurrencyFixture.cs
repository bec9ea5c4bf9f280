using AppFlowLocal.Tests.Infrastructure;

namespace AppFlowLocal.Tests.Integration;

/// <summary>
/// Accounts that may hold two connector profiles each, invocations that may be held for a while, and a
/// connector (<see cref="SecretReader"/>, a <c>cmd:</c> function using boto3) that reads the credentials it
/// validates from Secrets Manager, at the server that invokes it unless a test points it elsewhere.
/// </summary>
public class ProfileConcurrencyFixture : ServerFixture
{
    internal const int Quota = 2;

    public const string SecretReader = "secret-reader";

    /// <summary>The account the secret reader's credentials name (open mode: a 12-digit access key is the account).</summary>
    public const string SecretReaderAccount = "135792468013";

    internal string SecretReaderScript => Path.Combine(Directory, "secret_reader.py");

    protected override IEnumerable<string> Settings =>
    [
        $"--Registry:MaxConnectorProfilesPerAccount={Quota}",
        $"--Lambda:Functions:{SecretReader}=cmd:python3 {SecretReaderScript}",
        $"--Lambda:FunctionEnvironment:AWS_ACCESS_KEY_ID={SecretReaderAccount}",
        "--Lambda:FunctionEnvironment:AWS_SECRET_ACCESS_KEY=connector-secret",
        "--Lambda:FunctionEnvironment:PYTHONDONTWRITEBYTECODE=1",

        // Held invocations, and a cmd: function that starts python3 and boto3 per invocation on a busy machine.
        "--Lambda:Timeout=00:00:30",

        // Nodes over one PostgreSQL database share a configured key (there is no database file to keep one beside).
        .. UsesPostgres ? ["--Secrets:Key=" + Convert.ToBase64String(new byte[32])] : Array.Empty<string>(),
    ];

    internal override async Task BeforeServerStartsAsync() => await File.WriteAllTextAsync(SecretReaderScript, """
        import json, sys
        import boto3

        event = json.load(sys.stdin)
        kind = event["type"]
        if kind == "DescribeConnectorConfigurationRequest":
            answer = {"isSuccess": True, "connectorOwner": "Tests", "connectorName": "SecretReader", "connectorVersion": "1",
                      "connectorModes": ["SOURCE"], "supportedApiVersions": ["v1"],
                      "authenticationConfig": {"isBasicAuthSupported": True}}
        elif kind == "ValidateConnectorRuntimeSettingsRequest":
            answer = {"isSuccess": True}
        elif kind == "ValidateCredentialsRequest":
            # AWS_ENDPOINT_URL_SECRETS_MANAGER: the invoking server, unless Lambda:FunctionEnvironment names another.
            secret = json.loads(boto3.client("secretsmanager").get_secret_value(SecretId=event["credentials"]["secretArn"])["SecretString"])
            answer = {"isSuccess": True} if secret.get("password") == "right" else \
                {"isSuccess": False, "errorDetails": {"errorCode": "InvalidCredentials", "errorMessage": "wrong password"}}
        else:
            answer = {"isSuccess": False, "errorDetails": {"errorCode": "InvalidArgument", "errorMessage": kind}}
        json.dump(answer, sys.stdout)
        """);

    /// <summary>The same fixture over PostgreSQL.</summary>
    public new sealed class OnPostgres : ProfileConcurrencyFixture
    {
        internal override bool UsesPostgres => true;
    }
}
