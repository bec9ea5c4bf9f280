namespace AppFlowLocal.Model;

internal sealed class DestinationFieldProperties
{
    public bool? IsCreatable { get; init; }

    public bool? IsNullable { get; init; }

    public bool? IsUpsertable { get; init; }

    public bool? IsUpdatable { get; init; }

    public bool? IsDefaultedOnCreate { get; init; }

    public List<string>? SupportedWriteOperations { get; init; }
}
