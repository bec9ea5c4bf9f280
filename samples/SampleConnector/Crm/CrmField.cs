namespace SampleConnector.Crm;

/// <summary>One field of a CRM entity, with the SDKs' data type name (FieldDataType) and what a write may do with it.</summary>
internal sealed record CrmField(
    string Name,
    string DataType,
    string Label,
    string Description,
    bool IsPrimaryKey = false,
    bool RequiredOnInsert = false,
    bool Writable = true,
    bool Nullable = true,
    IReadOnlyList<string>? AllowedValues = null,
    int? MaxLength = null,
    bool IsIncrementalTimestamp = false)
{
    /// <summary>
    /// The operators a filter may apply to the field: the defaults the official SDKs give each data type
    /// (FieldDefinition in both SDKs), so that what DescribeEntity advertises is exactly what QueryData accepts.
    /// </summary>
    public IReadOnlyList<string> FilterOperators => DataType switch
    {
        "Integer" or "Float" or "Double" or "Long" or "Short" or "BigInteger" or "BigDecimal" =>
            ["NOT_EQUAL_TO", "EQUAL_TO", "LESS_THAN", "LESS_THAN_OR_EQUAL_TO", "GREATER_THAN", "GREATER_THAN_OR_EQUAL_TO"],
        "Date" or "DateTime" => ["EQUAL_TO", "LESS_THAN", "LESS_THAN_OR_EQUAL_TO", "GREATER_THAN", "GREATER_THAN_OR_EQUAL_TO", "BETWEEN"],
        "String" => ["CONTAINS", "EQUAL_TO", "NOT_EQUAL_TO"],
        "Boolean" => ["EQUAL_TO", "NOT_EQUAL_TO"],
        _ => [],
    };

    public bool IsNumeric => DataType is "Integer" or "Float" or "Double" or "Long" or "Short" or "BigInteger" or "BigDecimal";
}
