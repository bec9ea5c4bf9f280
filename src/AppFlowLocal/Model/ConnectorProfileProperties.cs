using System.Text.Json.Serialization;

namespace AppFlowLocal.Model;

/// <summary>The API's per-connector-type union; only its CustomConnector branch is served.</summary>
internal sealed record ConnectorProfileProperties
{
    // The model spells the union's members with the connector type's own capitals.
    [JsonPropertyName("CustomConnector")]
    public CustomConnectorProfileProperties? CustomConnector { get; init; }
}
