namespace AppFlowLocal.Model;

internal sealed record CustomConnectorProfileProperties
{
    /// <summary>The connector's CONNECTOR_PROFILE runtime settings, by key.</summary>
    public SortedDictionary<string, string>? ProfileProperties { get; init; }
}
