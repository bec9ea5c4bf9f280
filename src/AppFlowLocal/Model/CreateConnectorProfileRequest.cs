namespace AppFlowLocal.Model;

internal sealed record CreateConnectorProfileRequest
{
    public string? ConnectorProfileName { get; init; }

    public string? KmsArn { get; init; }

    public string? ConnectorType { get; init; }

    public string? ConnectorLabel { get; init; }

    public string? ConnectionMode { get; init; }

    public ConnectorProfileConfig? ConnectorProfileConfig { get; init; }

    public string? ClientToken { get; init; }
}
