namespace AppFlowLocal.Model;

/// <summary>RegisterConnectorResponse and UpdateConnectorRegistrationResponse: both carry only the ARN.</summary>
internal sealed class ConnectorArnResponse
{
    public string? ConnectorArn { get; init; }
}
