namespace AppFlowLocal.Tests.Infrastructure;

/// <summary>
/// A connector that reads the credentials it validates from Secrets Manager with boto3, as a real one does: a
/// <c>cmd:</c> function (python3) that supports BASIC and accepts the user ada with the password <c>right</c>.
/// Its Secrets Manager endpoint is AWS_ENDPOINT_URL_SECRETS_MANAGER, which the server sets to itself for
/// <c>cmd:</c> functions unless <c>Lambda:FunctionEnvironment</c> names another.
/// </summary>
internal static class SecretReaderConnector
{
    public const string Function = "secret-reader";

    /// <summary>Writes the script to <paramref name="path"/>.</summary>
    public static Task WriteAsync(string path) => File.WriteAllTextAsync(path, """
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

    /// <summary>The binding of <see cref="Function"/> to the script, with boto3's credentials naming <paramref name="account"/>.</summary>
    public static IEnumerable<string> Settings(string scriptPath, string account) =>
    [
        $"--Lambda:Functions:{Function}=cmd:python3 {scriptPath}",
        $"--Lambda:FunctionEnvironment:AWS_ACCESS_KEY_ID={account}",
        "--Lambda:FunctionEnvironment:AWS_SECRET_ACCESS_KEY=connector-secret",
        "--Lambda:FunctionEnvironment:PYTHONDONTWRITEBYTECODE=1",

        // A cmd: function starts python3 and boto3 per invocation: allow for a machine busy with other builds.
        "--Lambda:Timeout=00:00:30",
    ];
}
