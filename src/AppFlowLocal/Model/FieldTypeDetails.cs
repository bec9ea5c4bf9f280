namespace AppFlowLocal.Model;

internal sealed class FieldTypeDetails
{
    public required string FieldType { get; init; }

    public required List<string> FilterOperators { get; init; }

    public List<string>? SupportedValues { get; init; }

    public string? ValueRegexPattern { get; init; }

    public string? SupportedDateFormat { get; init; }

    public FieldRange? FieldValueRange { get; init; }

    public FieldRange? FieldLengthRange { get; init; }
}
