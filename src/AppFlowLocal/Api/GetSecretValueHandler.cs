using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AppFlowLocal.Model;
using AppFlowLocal.Registry;
using AppFlowLocal.Wire;

namespace AppFlowLocal.Api;

/// <summary>
/// Secrets Manager's GetSecretValue (JSON 1.1: POST / with <c>X-Amz-Target: secretsmanager.GetSecretValue</c>)
/// for the secrets this server made for connector profiles, so a connector built with the official SDKs
/// reads its credentials as it does in AWS. Secrets Manager's errors are all HTTP 400 with the
/// code in <c>__type</c> and in <c>x-amzn-ErrorType</c>.
/// </summary>
internal static class GetSecretValueHandler
{
    public const string Target = "secretsmanager.GetSecretValue";

    private const string ContentType = "application/x-amz-json-1.1";

    public static async Task<IResult> HandleAsync(HttpContext context, ConnectorProfileRegistry profiles)
    {
        var caller = context.GetCaller();
        var target = context.Request.Headers["X-Amz-Target"].ToString();
        if (target != Target)
        {
            // POST / is AppFlow's unknown route unless it is this one Secrets Manager operation (UnknownOperationException, 404).
            throw new AppFlowException(AwsErrorCode.UnknownOperationException, target.Length == 0
                ? "No operation is served at POST / without X-Amz-Target: secretsmanager.GetSecretValue."
                : $"No operation is served at POST / for X-Amz-Target {target}: AppFlow Local serves only {Target} there.");
        }

        string? secretId;
        try
        {
            using var document = JsonDocument.Parse(await BufferedBody.ReadAsync(context));
            secretId = document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("SecretId", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
        }
        catch (JsonException)
        {
            return Error(context, "SerializationException", "The request body is not a JSON object.");
        }

        if (string.IsNullOrEmpty(secretId))
        {
            return Error(context, "InvalidParameterException", "SecretId is required: the secret's ARN or name.");
        }

        // AWS's own text; the secret of another account or region is not found, as in AWS.
        if (await profiles.ReadSecretAsync(caller, secretId, context.RequestAborted) is not { } secret)
        {
            return Error(context, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("ARN", secret.Arn);
            writer.WriteString("Name", secret.Name);

            // The secret has one version for its whole life: a stable id derived from its ARN.
            writer.WriteString("VersionId", new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(secret.Arn)).AsSpan(0, 16)).ToString());
            writer.WriteString("SecretString", secret.SecretString);
            writer.WriteStartArray("VersionStages");
            writer.WriteStringValue("AWSCURRENT");
            writer.WriteEndArray();
            writer.WriteNumber("CreatedDate", secret.CreatedAt.ToUnixTimeMilliseconds() / 1000m);
            writer.WriteEndObject();
        }

        return Results.Bytes(buffer.ToArray(), ContentType);
    }

    private static IResult Error(HttpContext context, string code, string message)
    {
        context.Response.Headers[RestJson.ErrorTypeHeader] = code;
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("__type", code);
            writer.WriteString("message", message);
            writer.WriteEndObject();
        }

        return Results.Text(Encoding.UTF8.GetString(buffer.ToArray()), ContentType, Encoding.UTF8, StatusCodes.Status400BadRequest);
    }
}
