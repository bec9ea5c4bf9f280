namespace AppFlowLocal.Model;

/// <summary>UnregisterConnectorResponse and any other response without members.</summary>
internal sealed class EmptyResponse
{
}
