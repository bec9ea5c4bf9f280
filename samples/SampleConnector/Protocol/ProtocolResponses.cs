using System.Text.Json.Serialization;

namespace SampleConnector.Protocol;

// The response shapes of the official custom-connector SDKs. Enumerations are written as the SDKs' enum
// names (strings); members the connector leaves unset are omitted, as the Java SDK's mapper does (the
// Python SDK writes null; AppFlow treats both alike).

internal sealed record ErrorDetails(string ErrorCode, string ErrorMessage, int? RetryAfterSeconds = null);

internal sealed record AuthParameter(string Key, bool Required, string Label, string Description, bool? SensitiveField = null,
    IReadOnlyList<string>? ConnectorSuppliedValues = null);

internal sealed record CustomAuthConfig(string AuthenticationType, IReadOnlyList<AuthParameter> AuthParameters);

// The SDKs' spellings: tokenURL and authURL with capitals, oAuth2GrantTypesSupported with a capital A.
internal sealed record OAuth2Defaults(
    [property: JsonPropertyName("oAuthScopes")] IReadOnlyList<string> OAuthScopes,
    [property: JsonPropertyName("tokenURL")] IReadOnlyList<string> TokenUrl,
    [property: JsonPropertyName("authURL")] IReadOnlyList<string> AuthUrl,
    [property: JsonPropertyName("oAuth2GrantTypesSupported")] IReadOnlyList<string> OAuth2GrantTypesSupported);

internal sealed record AuthenticationConfig(
    bool IsBasicAuthSupported,
    bool IsApiKeyAuthSupported,
    bool IsOAuth2Supported,
    bool IsCustomAuthSupported,
    IReadOnlyList<CustomAuthConfig>? CustomAuthConfig = null,
    [property: JsonPropertyName("oAuth2Defaults")] OAuth2Defaults? OAuth2Defaults = null);

internal sealed record ConnectorRuntimeSetting(string Key, string DataType, bool Required, string Label, string Description, string Scope,
    IReadOnlyList<string>? ConnectorSuppliedValueOptions = null);

internal sealed record DescribeConnectorConfigurationResponse(
    bool IsSuccess,
    string ConnectorOwner,
    string ConnectorName,
    string ConnectorVersion,
    IReadOnlyList<string> ConnectorModes,
    AuthenticationConfig AuthenticationConfig,
    IReadOnlyList<string> SupportedApiVersions,
    IReadOnlyList<ConnectorRuntimeSetting> ConnectorRuntimeSetting,
    [property: JsonPropertyName("logoURL")] string LogoUrl,
    IReadOnlyList<string> OperatorsSupported,
    IReadOnlyList<string> TriggerFrequenciesSupported,
    IReadOnlyList<string> SupportedTriggerTypes,
    IReadOnlyList<string> SupportedWriteOperations,
    IReadOnlyList<string> SupportedDataTransferTypes,
    ErrorDetails? ErrorDetails = null);

internal sealed record ValidateConnectorRuntimeSettingsResponse(bool IsSuccess, Dictionary<string, string>? ErrorsByInputField = null,
    ErrorDetails? ErrorDetails = null);

internal sealed record ValidateCredentialsResponse(bool IsSuccess, ErrorDetails? ErrorDetails = null);

internal sealed record CacheControl(long TimeToLive, string TimeToLiveUnit);

internal sealed record Entity(string EntityIdentifier, bool HasNestedEntities, bool IsWritable, string? Label = null, string? Description = null);

internal sealed record ListEntitiesResponse(bool IsSuccess, ErrorDetails? ErrorDetails = null, IReadOnlyList<Entity>? Entities = null,
    string? NextToken = null, CacheControl? CacheControl = null);

internal sealed record RangeConstraint(decimal MinRange, decimal MaxRange);

internal sealed record FieldConstraints(RangeConstraint? AllowedLengthRange = null, RangeConstraint? AllowedValueRange = null,
    IReadOnlyList<string>? AllowedValues = null, string? AllowedValuesRegexPattern = null, string? AllowedDateFormat = null);

internal sealed record ReadOperationProperty(bool IsRetrievable, bool IsNullable, bool IsQueryable, bool IsTimestampFieldForIncrementalQueries);

internal sealed record WriteOperationProperty(bool IsCreatable, bool IsUpdatable, bool IsNullable, bool IsUpsertable, bool IsDefaultedOnCreate,
    IReadOnlyList<string>? SupportedWriteOperations);

internal sealed record FieldDefinition(
    string FieldName,
    string DataType,
    string DataTypeLabel,
    string Label,
    string? Description,
    bool IsPrimaryKey,
    FieldConstraints? Constraints,
    ReadOperationProperty ReadProperties,
    WriteOperationProperty? WriteProperties,
    IReadOnlyList<string> FilterOperators);

internal sealed record EntityDefinition(Entity Entity, IReadOnlyList<FieldDefinition> Fields);

internal sealed record DescribeEntityResponse(bool IsSuccess, ErrorDetails? ErrorDetails = null, EntityDefinition? EntityDefinition = null,
    CacheControl? CacheControl = null);

internal sealed record QueryDataResponse(bool IsSuccess, ErrorDetails? ErrorDetails = null, string? NextToken = null, IReadOnlyList<string>? Records = null);

internal sealed record RetrieveDataResponse(bool IsSuccess, ErrorDetails? ErrorDetails = null, IReadOnlyList<string>? Records = null);

internal sealed record WriteRecordResult(bool IsSuccess, string? RecordId, string? ErrorMessage = null);

internal sealed record WriteDataResponse(bool IsSuccess, ErrorDetails? ErrorDetails = null, IReadOnlyList<WriteRecordResult>? WriteRecordResults = null);

/// <summary>Lambda's body for a function error (the handler threw).</summary>
internal sealed record FunctionErrorBody(string ErrorType, string ErrorMessage, IReadOnlyList<string> StackTrace);

/// <summary>Lambda's body for a refused invocation (the function did not run), with its capitalized member names.</summary>
internal sealed record ServiceErrorBody([property: JsonPropertyName("Type")] string Type, [property: JsonPropertyName("Message")] string Message);
