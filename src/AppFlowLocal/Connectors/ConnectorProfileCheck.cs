namespace AppFlowLocal.Connectors;

/// <summary>What a connector is asked to validate for a new connector profile.</summary>
/// <param name="RuntimeSettings">The profile's CONNECTOR_PROFILE runtime settings (its profileProperties).</param>
/// <param name="SecretArn">The secret that holds the credentials; the connector reads them from Secrets Manager.</param>
/// <param name="AuthenticationType">The API's name (BASIC, APIKEY, OAUTH2, CUSTOM); the event carries the SDKs' name.</param>
internal sealed record ConnectorProfileCheck(
    IReadOnlyDictionary<string, string> RuntimeSettings,
    string SecretArn,
    string AuthenticationType);
