namespace AppFlowLocal.Model;

internal sealed class OAuth2CustomParameter
{
    public string? Key { get; init; }

    public bool? IsRequired { get; init; }

    public string? Label { get; init; }

    public string? Description { get; init; }

    public bool? IsSensitiveField { get; init; }

    public List<string>? ConnectorSuppliedValues { get; init; }

    public string? Type { get; init; }
}
