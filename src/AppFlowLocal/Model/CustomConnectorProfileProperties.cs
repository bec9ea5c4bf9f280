namespace AppFlowLocal.Model;

internal sealed record CustomConnectorProfileProperties
{
    /// <summary>The connector's CONNECTOR_PROFILE runtime settings, by key.</summary>
    public SortedDictionary<string, string>? ProfileProperties { get; init; }

    [System.Text.Json.Serialization.JsonPropertyName("oAuth2Properties")]
    public OAuth2Properties? OAuth2Properties { get; init; }
}
