namespace AppFlowLocal.Model;

/// <summary>The model has only <c>v1</c>.</summary>
internal sealed class SupportedFieldTypeDetails
{
    public required FieldTypeDetails V1 { get; init; }
}
