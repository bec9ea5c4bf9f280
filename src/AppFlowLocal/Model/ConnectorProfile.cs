using System.Text.Json.Serialization;

namespace AppFlowLocal.Model;

/// <summary>The API's ConnectorProfile: what DescribeConnectorProfiles shows, never a credential value.</summary>
internal sealed class ConnectorProfile
{
    public string? ConnectorProfileArn { get; init; }

    public string? ConnectorProfileName { get; init; }

    public string? ConnectorType { get; init; }

    public string? ConnectorLabel { get; init; }

    public string? ConnectionMode { get; init; }

    public string? CredentialsArn { get; init; }

    public ConnectorProfileProperties? ConnectorProfileProperties { get; init; }

    [JsonConverter(typeof(EpochSecondsConverter))]
    public DateTimeOffset? CreatedAt { get; init; }

    [JsonConverter(typeof(EpochSecondsConverter))]
    public DateTimeOffset? LastUpdatedAt { get; init; }
}
