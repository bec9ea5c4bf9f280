using System.Text.Json.Serialization;

namespace AppFlowLocal.Model;

/// <summary>The API's per-connector-type union; only its CustomConnector branch is served.</summary>
internal sealed record ConnectorProfileCredentials
{
    [JsonPropertyName("CustomConnector")]
    public CustomConnectorProfileCredentials? CustomConnector { get; init; }
}
