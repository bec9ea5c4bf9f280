namespace AppFlowLocal.Model;

internal sealed class LambdaConnectorProvisioningConfig
{
    public string? LambdaArn { get; init; }
}
