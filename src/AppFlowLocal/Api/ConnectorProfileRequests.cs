using AppFlowLocal.Model;
using AppFlowLocal.Registry;
using AppFlowLocal.Wire;

namespace AppFlowLocal.Api;

/// <summary>What CreateConnectorProfile and UpdateConnectorProfile read alike from a profile's configuration.</summary>
internal static class ConnectorProfileRequests
{
    /// <summary>
    /// A custom connector's profile is validated with its credentials, so they must come; the model leaves
    /// them optional only because managed connector types need none.
    /// </summary>
    public static void RequireCustomCredentials<T>(ParsedRequest<T> parsed, ConnectorProfileConfig? config)
    {
        if (config is not null && config.ConnectorProfileCredentials?.CustomConnector is null)
        {
            parsed.Violate(ConstraintValidator.Clause(null, "connectorProfileConfig.connectorProfileCredentials.CustomConnector", "Member must not be null"));
        }
    }

    /// <summary>The change a validated request asks for (its configuration and credentials are present by now).</summary>
    public static ConnectorProfileChange Change(string name, string? label, string connectionMode, ConnectorProfileConfig config,
        string? clientToken, string fingerprint) => new(
        name,
        label,
        connectionMode,
        config.ConnectorProfileProperties?.CustomConnector?.ProfileProperties ?? [],
        config.ConnectorProfileCredentials!.CustomConnector!,
        clientToken,
        fingerprint)
    {
        OAuth2Properties = config.ConnectorProfileProperties?.CustomConnector?.OAuth2Properties,
    };
}
