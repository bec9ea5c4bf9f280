namespace AppFlowLocal.Model;

internal sealed record ConnectorProfileConfig
{
    public ConnectorProfileProperties? ConnectorProfileProperties { get; init; }

    public ConnectorProfileCredentials? ConnectorProfileCredentials { get; init; }
}
