namespace AppFlowLocal.Model;

internal sealed class ConnectorEntity
{
    public required string Name { get; init; }

    public string? Label { get; init; }

    public bool? HasNestedEntities { get; init; }
}
