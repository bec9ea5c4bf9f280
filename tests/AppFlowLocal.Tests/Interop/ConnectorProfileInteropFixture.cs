using AppFlowLocal.Tests.Infrastructure;

namespace AppFlowLocal.Tests.Interop;

/// <summary>The interop server with the C# sample connector bound as an <c>http://</c> function.</summary>
public sealed class ConnectorProfileInteropFixture : InteropFixture, IAsyncLifetime
{
    public const string Sample = "sample-crm-interop";

    private SampleConnectorHost? sample;

    /// <summary>A connector that reads its credentials from Secrets Manager with boto3, as a real one does.</summary>
    public const string SecretReader = "secret-reader";

    /// <summary>The account the secret reader's credentials name (open mode: a 12-digit access key is the account).</summary>
    public const string SecretReaderAccount = "246813579024";

    internal string SecretReaderScript => Path.Combine(Directory, "secret_reader.py");

    protected override IEnumerable<string> Settings =>
    [
        $"--Lambda:Functions:{Sample}={sample!.Endpoint}",
        $"--Lambda:Functions:{SecretReader}=cmd:python3 {SecretReaderScript}",
        $"--Lambda:FunctionEnvironment:AWS_ACCESS_KEY_ID={SecretReaderAccount}",
        "--Lambda:FunctionEnvironment:AWS_SECRET_ACCESS_KEY=connector-secret",
        "--Lambda:FunctionEnvironment:PYTHONDONTWRITEBYTECODE=1",

        // A cmd: function starts python3 and boto3 per invocation: allow for a machine busy with other builds.
        "--Lambda:Timeout=30s",
    ];

    internal static string SampleArn(string account) => $"arn:aws:lambda:us-east-1:{account}:function:{Sample}";

    internal override async Task BeforeServerStartsAsync()
    {
        sample = await SampleConnectorHost.StartAsync();
        await File.WriteAllTextAsync(SecretReaderScript, """
            import json, sys
            import boto3

            event = json.load(sys.stdin)
            kind = event["type"]
            if kind == "DescribeConnectorConfigurationRequest":
                answer = {"isSuccess": True, "connectorOwner": "Tests", "connectorName": "SecretReader", "connectorVersion": "1",
                          "connectorModes": ["SOURCE"], "supportedApiVersions": ["v1"],
                          "authenticationConfig": {"isBasicAuthSupported": True, "isApiKeyAuthSupported": False,
                                                   "isOAuth2Supported": False, "isCustomAuthSupported": False}}
            elif kind == "ValidateConnectorRuntimeSettingsRequest":
                answer = {"isSuccess": True}
            elif kind == "ValidateCredentialsRequest":
                # The endpoint comes from AWS_ENDPOINT_URL_SECRETS_MANAGER, which the server sets for cmd: functions.
                value = boto3.client("secretsmanager").get_secret_value(SecretId=event["credentials"]["secretArn"])
                secret = json.loads(value["SecretString"])
                if secret == {"username": "ada", "password": "right"}:
                    answer = {"isSuccess": True}
                else:
                    answer = {"isSuccess": False, "errorDetails": {"errorCode": "InvalidCredentials",
                                                                  "errorMessage": "wrong password for " + secret.get("username", "nobody")}}
            else:
                answer = {"isSuccess": False, "errorDetails": {"errorCode": "InvalidArgument", "errorMessage": kind}}
            json.dump(answer, sys.stdout)
            """);
    }

    /// <summary>Stops the sample after the server (ServerFixture's own disposal is not virtual).</summary>
    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (sample is not null)
        {
            await sample.DisposeAsync();
        }
    }
}
