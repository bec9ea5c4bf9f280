namespace AppFlowLocal.Model;

internal sealed class ConnectorProvisioningConfig
{
    public LambdaConnectorProvisioningConfig? Lambda { get; init; }
}
