namespace AppFlowLocal.Model;

/// <summary>The API's ConnectorEntityField (parentIdentifier is never set: the SDKs' fields are flat).</summary>
internal sealed class ConnectorEntityField
{
    public required string Identifier { get; init; }

    public string? Label { get; init; }

    public bool? IsPrimaryKey { get; init; }

    public string? DefaultValue { get; init; }

    public bool? IsDeprecated { get; init; }

    public SupportedFieldTypeDetails? SupportedFieldTypeDetails { get; init; }

    public string? Description { get; init; }

    public SourceFieldProperties? SourceProperties { get; init; }

    public DestinationFieldProperties? DestinationProperties { get; init; }

    public Dictionary<string, string>? CustomProperties { get; init; }
}
