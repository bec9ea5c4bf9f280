namespace AppFlowLocal.Model;

/// <summary>CreateConnectorProfileResponse and UpdateConnectorProfileResponse: both carry only the ARN.</summary>
internal sealed class CreateConnectorProfileResponse
{
    public string? ConnectorProfileArn { get; init; }
}
