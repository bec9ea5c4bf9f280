namespace AppFlowLocal.Model;

/// <summary>The API's Range shape (named apart from System.Range).</summary>
internal sealed class FieldRange
{
    public double? Maximum { get; init; }

    public double? Minimum { get; init; }
}
