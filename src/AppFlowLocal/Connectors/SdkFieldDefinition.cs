using System.Text.Json;
using System.Text.Json.Serialization;

namespace AppFlowLocal.Connectors;

// The SDKs' metadata types for DescribeEntityResponse live together: they are one nested answer, read
// only to be mapped (ConnectorEntityFieldMapping). Both SDKs spell every member alike; the Python SDK
// writes null for what is unset, the Java SDK leaves it out, and ranges are BigDecimal/Decimal, which
// arrive as JSON numbers or strings.

/// <summary>The SDKs' DescribeEntityResponse.</summary>
internal sealed class SdkDescribeEntityResponse
{
    [JsonPropertyName("isSuccess")]
    public bool? IsSuccess { get; init; }

    [JsonPropertyName("errorDetails")]
    public SdkErrorDetails? ErrorDetails { get; init; }

    [JsonPropertyName("entityDefinition")]
    public SdkEntityDefinition? EntityDefinition { get; init; }
}

internal sealed class SdkEntityDefinition
{
    [JsonPropertyName("entity")]
    public SdkEntity? Entity { get; init; }

    [JsonPropertyName("fields")]
    public List<SdkFieldDefinition?>? Fields { get; init; }
}

/// <summary>The SDKs' FieldDefinition.</summary>
internal sealed class SdkFieldDefinition
{
    [JsonPropertyName("fieldName")]
    public string? FieldName { get; init; }

    [JsonPropertyName("dataType")]
    public string? DataType { get; init; }

    [JsonPropertyName("dataTypeLabel")]
    public string? DataTypeLabel { get; init; }

    [JsonPropertyName("label")]
    public string? Label { get; init; }

    [JsonPropertyName("description")]
    public string? Description { get; init; }

    [JsonPropertyName("isPrimaryKey")]
    public bool? IsPrimaryKey { get; init; }

    [JsonPropertyName("defaultValue")]
    public string? DefaultValue { get; init; }

    [JsonPropertyName("isDeprecated")]
    public bool? IsDeprecated { get; init; }

    [JsonPropertyName("constraints")]
    public SdkFieldConstraints? Constraints { get; init; }

    [JsonPropertyName("readProperties")]
    public SdkReadOperationProperty? ReadProperties { get; init; }

    [JsonPropertyName("writeProperties")]
    public SdkWriteOperationProperty? WriteProperties { get; init; }

    [JsonPropertyName("filterOperators")]
    public List<string?>? FilterOperators { get; init; }

    [JsonPropertyName("customProperties")]
    public Dictionary<string, string?>? CustomProperties { get; init; }
}

internal sealed class SdkFieldConstraints
{
    [JsonPropertyName("allowedLengthRange")]
    public SdkRangeConstraint? AllowedLengthRange { get; init; }

    [JsonPropertyName("allowedValueRange")]
    public SdkRangeConstraint? AllowedValueRange { get; init; }

    [JsonPropertyName("allowedValues")]
    public List<string?>? AllowedValues { get; init; }

    [JsonPropertyName("allowedValuesRegexPattern")]
    public string? AllowedValuesRegexPattern { get; init; }

    [JsonPropertyName("allowedDateFormat")]
    public string? AllowedDateFormat { get; init; }
}

internal sealed class SdkRangeConstraint
{
    [JsonPropertyName("minRange")]
    public JsonElement? MinRange { get; init; }

    [JsonPropertyName("maxRange")]
    public JsonElement? MaxRange { get; init; }
}

internal sealed class SdkReadOperationProperty
{
    [JsonPropertyName("isRetrievable")]
    public bool? IsRetrievable { get; init; }

    [JsonPropertyName("isNullable")]
    public bool? IsNullable { get; init; }

    [JsonPropertyName("isQueryable")]
    public bool? IsQueryable { get; init; }

    [JsonPropertyName("isTimestampFieldForIncrementalQueries")]
    public bool? IsTimestampFieldForIncrementalQueries { get; init; }
}

internal sealed class SdkWriteOperationProperty
{
    [JsonPropertyName("isCreatable")]
    public bool? IsCreatable { get; init; }

    [JsonPropertyName("isUpdatable")]
    public bool? IsUpdatable { get; init; }

    [JsonPropertyName("isNullable")]
    public bool? IsNullable { get; init; }

    [JsonPropertyName("isUpsertable")]
    public bool? IsUpsertable { get; init; }

    [JsonPropertyName("isDefaultedOnCreate")]
    public bool? IsDefaultedOnCreate { get; init; }

    [JsonPropertyName("supportedWriteOperations")]
    public List<string?>? SupportedWriteOperations { get; init; }
}
