using AppFlowLocal.Model;

namespace AppFlowLocal.Registry;

/// <summary>
/// A connector profile as the registry keeps it: what DescribeConnectorProfiles shows, and the
/// profile's credentials, sealed (<see cref="SecretSealer"/>) as the Secrets Manager secret that
/// <see cref="CredentialsArn"/> names. The secret lives and dies with the profile's row.
/// </summary>
/// <param name="AuthenticationType">The API's name (BASIC, APIKEY, OAUTH2, CUSTOM).</param>
/// <param name="SealedCredentials">The SecretString, encrypted with the server's secrets key.</param>
internal sealed record ConnectorProfileRecord(
    RegistryScope Scope,
    string Name,
    string Arn,
    string Label,
    string ConnectionMode,
    IReadOnlyDictionary<string, string> ProfileProperties,
    string AuthenticationType,
    string CredentialsArn,
    byte[] SealedCredentials,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdatedAt)
{
    /// <summary>An OAUTH2 profile's token URL and grant type (its credentials are in the secret).</summary>
    public OAuth2Properties? OAuth2Properties { get; init; }

    /// <summary>
    /// 1 when the profile is created, one more with each update. An update writes only over the row it read
    /// (this revision and this <see cref="CredentialsArn"/>, which a profile deleted and created again does not
    /// keep), so it never overwrites a change it did not see, nor seals its credentials into another profile's row.
    /// </summary>
    public long Revision { get; init; } = 1;
}
