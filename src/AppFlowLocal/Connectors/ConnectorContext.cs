namespace AppFlowLocal.Connectors;

/// <summary>
/// The SDKs' ConnectorContext for a profile's metadata and data requests: its runtime settings, its
/// credentials as the secret's ARN (never their values) and the API version to speak.
/// </summary>
internal sealed record ConnectorContext(
    IReadOnlyDictionary<string, string> RuntimeSettings,
    string SecretArn,
    string AuthenticationType,
    string? ApiVersion);
