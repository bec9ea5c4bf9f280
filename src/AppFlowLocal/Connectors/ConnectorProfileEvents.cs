using System.Text.Json;
using AppFlowLocal.Model;

namespace AppFlowLocal.Connectors;

/// <summary>
/// The connector-profile events, shaped as the official SDKs' request classes (SPEC.md, "Connector
/// profiles and entities"), and what their answers mean for the caller.
/// </summary>
internal static class ConnectorProfileEvents
{
    /// <summary>The SDKs' AuthenticationType names for the API's.</summary>
    public static string SdkAuthenticationType(string apiName) => apiName switch
    {
        "BASIC" => "BasicAuth",
        "OAUTH2" => "OAuth2",
        "APIKEY" => "ApiKey",
        "CUSTOM" => "CustomAuth",
        _ => throw new ArgumentOutOfRangeException(nameof(apiName), apiName, "Not an API AuthenticationType."),
    };

    public static byte[] ValidateConnectorRuntimeSettings(IReadOnlyDictionary<string, string> settings) => Write(writer =>
    {
        writer.WriteString("type", "ValidateConnectorRuntimeSettingsRequest");
        writer.WriteString("locale", "en-US");
        writer.WriteString("scope", "CONNECTOR_PROFILE");
        WriteSettings(writer, settings);
    });

    public static byte[] ValidateCredentials(ConnectorProfileCheck check) => Write(writer =>
    {
        writer.WriteString("type", "ValidateCredentialsRequest");
        writer.WriteString("locale", "en-US");
        writer.WriteStartObject("credentials");
        writer.WriteString("secretArn", check.SecretArn);
        writer.WriteString("authenticationType", SdkAuthenticationType(check.AuthenticationType));
        writer.WriteEndObject();
        WriteSettings(writer, check.RuntimeSettings);
    });

    public static byte[] ListEntities(ConnectorContext context, string? entitiesPath, string? nextToken, int? maxResults) => Write(writer =>
    {
        writer.WriteString("type", "ListEntitiesRequest");
        writer.WriteString("locale", "en-US");
        WriteContext(writer, context);
        WriteOptional(writer, "entitiesPath", entitiesPath);
        WriteOptional(writer, "nextToken", nextToken);

        // The SDKs' name is singular.
        if (maxResults is { } max)
        {
            writer.WriteNumber("maxResult", max);
        }
    });

    public static byte[] DescribeEntity(ConnectorContext context, string entityIdentifier) => Write(writer =>
    {
        writer.WriteString("type", "DescribeEntityRequest");
        writer.WriteString("locale", "en-US");
        writer.WriteString("entityIdentifier", entityIdentifier);
        WriteContext(writer, context);
    });

    /// <summary>
    /// The connector's entities as the API's: entityIdentifier is the name, label and hasNestedEntities
    /// are kept, null stays absent. A refusal is mapped as <see cref="EnsureValid"/> maps one.
    /// </summary>
    public static EntityPage ToEntityPage(string functionArn, byte[] payload)
    {
        const string responseType = "ListEntitiesResponse";
        EnsureValid(functionArn, responseType, payload);
        SdkListEntitiesResponse response;
        try
        {
            response = JsonSerializer.Deserialize(payload, ConnectorProtocolJsonContext.Default.SdkListEntitiesResponse)!;
        }
        catch (JsonException exception)
        {
            throw ConnectorFailure.Server(
                $"Connector function {functionArn} returned a {responseType} that cannot be read: {ConnectorFailure.Quote(exception.Message)}");
        }

        var entities = new List<ConnectorEntity>();
        foreach (var (entity, index) in (response.Entities ?? []).Select((entity, index) => (entity, index)))
        {
            if (entity?.EntityIdentifier is not { Length: > 0 } name)
            {
                throw ConnectorFailure.Server($"Connector function {functionArn} returned a {responseType} whose entities[{index}] has no entityIdentifier.");
            }

            entities.Add(new ConnectorEntity { Name = name, Label = entity.Label, HasNestedEntities = entity.HasNestedEntities });
        }

        return new EntityPage(entities, response.NextToken);
    }

    /// <summary>
    /// Returns when the connector said yes. InvalidCredentials is the ConnectorAuthenticationException
    /// AppFlow reports ("Error authenticating to connector: ..."), bounded to the model's ErrorMessage length;
    /// anything else the connector says, or an answer that is no answer, is a ConnectorServerException.
    /// </summary>
    public static void EnsureValid(string functionArn, string responseType, byte[] payload)
    {
        SdkValidationResponse? response;
        try
        {
            response = JsonSerializer.Deserialize(payload, ConnectorProtocolJsonContext.Default.SdkValidationResponse);
        }
        catch (JsonException exception)
        {
            throw ConnectorFailure.Server(
                $"Connector function {functionArn} returned a {responseType} that cannot be read: {ConnectorFailure.Quote(exception.Message)}");
        }

        if (response?.IsSuccess == true)
        {
            return;
        }

        if (response?.ErrorDetails is not { } error)
        {
            throw ConnectorFailure.Server(response?.IsSuccess is null
                ? $"Connector function {functionArn} returned a {responseType} without isSuccess."
                : $"Connector function {functionArn} returned a {responseType} with isSuccess false and no errorDetails.");
        }

        var message = error.ErrorMessage is null ? "(no errorMessage)" : ConnectorFailure.Quote(error.ErrorMessage);
        if (error.ErrorCode == "InvalidCredentials")
        {
            const string prefix = "Error authenticating to connector: ";
            var bounded = prefix + message;
            throw ConnectorFailure.Authentication(bounded.Length <= MaxErrorMessage ? bounded : bounded[..MaxErrorMessage]);
        }

        throw ConnectorFailure.Server(
            $"Connector function {functionArn} refused the connector profile ({responseType}, {ConnectorFailure.Quote(error.ErrorCode ?? "no errorCode")}): {message}");
    }

    /// <summary>The API model's ErrorMessage maximum.</summary>
    private const int MaxErrorMessage = 2048;

    // The Java SDK refuses a null runtime-settings map: no settings are sent as {}.
    private static void WriteSettings(Utf8JsonWriter writer, IReadOnlyDictionary<string, string> settings)
    {
        writer.WriteStartObject("connectorRuntimeSettings");
        foreach (var (key, value) in settings)
        {
            writer.WriteString(key, value);
        }

        writer.WriteEndObject();
    }

    private static void WriteContext(Utf8JsonWriter writer, ConnectorContext context)
    {
        writer.WriteStartObject("connectorContext");
        WriteSettings(writer, context.RuntimeSettings);
        writer.WriteStartObject("credentials");
        writer.WriteString("secretArn", context.SecretArn);
        writer.WriteString("authenticationType", SdkAuthenticationType(context.AuthenticationType));
        writer.WriteEndObject();
        WriteOptional(writer, "apiVersion", context.ApiVersion);
        writer.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static byte[] Write(Action<Utf8JsonWriter> members)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            members(writer);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
