using AppFlowLocal.Model;

namespace AppFlowLocal.Registry;

/// <summary>A CreateConnectorProfile or UpdateConnectorProfile call for a custom connector, as the registry takes it.</summary>
/// <param name="Label">The connector; null for an update, which keeps the profile's.</param>
/// <param name="Fingerprint">Identifies the call's parameters for clientToken comparison (every member but the token).</param>
internal sealed record ConnectorProfileChange(
    string Name,
    string? Label,
    string ConnectionMode,
    IReadOnlyDictionary<string, string> ProfileProperties,
    CustomConnectorProfileCredentials Credentials,
    string? ClientToken,
    string Fingerprint)
{
    /// <summary>An OAUTH2 profile's token URL, grant type and token-request properties.</summary>
    public OAuth2Properties? OAuth2Properties { get; init; }
}
