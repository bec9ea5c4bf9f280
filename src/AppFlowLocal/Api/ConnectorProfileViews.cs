using AppFlowLocal.Model;
using AppFlowLocal.Registry;

namespace AppFlowLocal.Api;

/// <summary>A stored profile as the API shows it: the secret's ARN, never a credential value.</summary>
internal static class ConnectorProfileViews
{
    public static ConnectorProfile Profile(ConnectorProfileRecord profile) => new()
    {
        ConnectorProfileArn = profile.Arn,
        ConnectorProfileName = profile.Name,
        ConnectorType = ConnectorRegistry.CustomConnectorType,
        ConnectorLabel = profile.Label,
        ConnectionMode = profile.ConnectionMode,
        CredentialsArn = profile.CredentialsArn,
        ConnectorProfileProperties = new ConnectorProfileProperties
        {
            CustomConnector = new CustomConnectorProfileProperties
            {
                ProfileProperties = new SortedDictionary<string, string>(profile.ProfileProperties.ToDictionary(), StringComparer.Ordinal),
                OAuth2Properties = profile.OAuth2Properties,
            },
        },
        CreatedAt = profile.CreatedAt,
        LastUpdatedAt = profile.LastUpdatedAt,
    };
}
