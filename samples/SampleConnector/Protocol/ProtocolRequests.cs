using System.Text.Json;

namespace SampleConnector.Protocol;

// The request shapes of the official custom-connector SDKs (Python custom_connector_sdk.lambda_handler.requests,
// Java ...custom.connector.model). Every member is nullable here: a missing required member is reported by the
// handler that needs it, naming it, instead of as a generic deserialization failure.

internal sealed record Credentials(string? SecretArn, string? AuthenticationType);

/// <summary>
/// Runtime settings arrive as a string map from the Java SDK's point of view, but AppFlow (and the Python
/// SDK) pass whatever JSON the user typed, so a value may be a string, a number or a boolean.
/// </summary>
internal sealed record ConnectorContext(
    Dictionary<string, JsonElement>? ConnectorRuntimeSettings,
    Credentials? Credentials,
    string? ApiVersion,
    string? FlowName,
    string? ExecutionId,
    string? ConnectorProfileLabel);

internal sealed record DescribeConnectorConfigurationRequest(string? Locale);

internal sealed record ValidateConnectorRuntimeSettingsRequest(string? Scope, Dictionary<string, JsonElement>? ConnectorRuntimeSettings);

internal sealed record ValidateCredentialsRequest(Credentials? Credentials, Dictionary<string, JsonElement>? ConnectorRuntimeSettings);

internal sealed record ListEntitiesRequest(ConnectorContext? ConnectorContext, string? EntitiesPath, string? NextToken, long? MaxResult);

internal sealed record DescribeEntityRequest(string? EntityIdentifier, ConnectorContext? ConnectorContext);

internal sealed record QueryDataRequest(
    string? EntityIdentifier,
    ConnectorContext? ConnectorContext,
    List<string>? SelectedFieldNames,
    string? FilterExpression,
    string? NextToken,
    long? MaxResults);

internal sealed record RetrieveDataRequest(
    string? EntityIdentifier,
    ConnectorContext? ConnectorContext,
    List<string>? SelectedFieldNames,
    string? IdFieldName,
    List<string>? Ids);

internal sealed record WriteDataRequest(
    string? EntityIdentifier,
    ConnectorContext? ConnectorContext,
    string? Operation,
    List<string>? IdFieldNames,
    List<string>? Records,
    bool? AllOrNone);
