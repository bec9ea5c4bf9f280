namespace AppFlowLocal.Model;

internal sealed class CreateConnectorProfileResponse
{
    public string? ConnectorProfileArn { get; init; }
}
