namespace AppFlowLocal.Model;

internal sealed class ConnectorRuntimeSetting
{
    public string? Key { get; init; }

    public string? DataType { get; init; }

    public bool? IsRequired { get; init; }

    public string? Label { get; init; }

    public string? Description { get; init; }

    public string? Scope { get; init; }

    public List<string>? ConnectorSuppliedValueOptions { get; init; }
}
