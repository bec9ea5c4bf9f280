using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using AppFlowLocal.Registry;

namespace AppFlowLocal.Storage;

/// <summary>
/// How a connector profile maps onto the <c>connector_profiles</c> row, which both providers lay out
/// alike: the columns, reading a row, and the values of an insert (named with the provider's prefix).
/// </summary>
internal static class ConnectorProfileRows
{
    public const string Columns =
        "name, arn, label, connection_mode, properties, authentication_type, credentials_arn, credentials, created_at, updated_at, oauth2_properties, revision";

    public const string Insert =
        "INSERT INTO connector_profiles (account, region, " + Columns + ") VALUES ({0}account, {0}region, {0}name, {0}arn, {0}label, {0}connection_mode, {0}properties, " +
        "{0}authentication_type, {0}credentials_arn, {0}credentials, {0}created_at, {0}updated_at, {0}oauth2_properties, {0}revision)";

    /// <summary>
    /// Compare-and-swap: writes only over the profile that was read (its secret and its revision), and advances the
    /// revision. A profile deleted and created again under the name has another secret, so the credentials sealed
    /// for the old one never land in its row.
    /// </summary>
    public const string Update =
        "UPDATE connector_profiles SET connection_mode = {0}connection_mode, properties = {0}properties, authentication_type = {0}authentication_type, " +
        "credentials = {0}credentials, updated_at = {0}updated_at, oauth2_properties = {0}oauth2_properties, revision = revision + 1 " +
        "WHERE account = {0}account AND region = {0}region AND name = {0}name AND credentials_arn = {0}credentials_arn AND revision = {0}revision;";

    /// <summary>Whether the scope holds a profile of the name: after an <see cref="Update"/> that changed nothing, tells a stale read from a deleted profile.</summary>
    public const string Exists = "SELECT 1 FROM connector_profiles WHERE account = {0}account AND region = {0}region AND name = {0}name;";

    public static ConnectorProfileRecord Read(DbDataReader reader, RegistryScope scope) => new(
        scope,
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        JsonSerializer.Deserialize(reader.GetString(4), StorageJsonContext.Default.SortedDictionaryStringString) ?? [],
        reader.GetString(5),
        reader.GetString(6),
        (byte[])reader.GetValue(7),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(9)))
    {
        OAuth2Properties = reader.IsDBNull(10) ? null : JsonSerializer.Deserialize(reader.GetString(10), StorageJsonContext.Default.OAuth2Properties),
        Revision = reader.GetInt64(11),
    };

    /// <summary>
    /// What an insert depends on, in one statement: the registration id of the profile's connector (null when it is
    /// not registered) and whether the name is taken. <paramref name="connectorLock"/> is the provider's row lock on the connector.
    /// </summary>
    public static string InsertChecks(string prefix, string connectorLock) =>
        $"SELECT (SELECT registration_id FROM connectors WHERE account = {prefix}account AND region = {prefix}region AND label = {prefix}label{connectorLock}), " +
        $"EXISTS (SELECT 1 FROM connector_profiles WHERE account = {prefix}account AND region = {prefix}region AND name = {prefix}name);";

    /// <summary>
    /// Runs <see cref="InsertChecks"/>: <see cref="StoreWriteOutcome.NotFound"/> when the connector is not registered,
    /// <see cref="StoreWriteOutcome.Stale"/> when it was registered again since <paramref name="registrationId"/> validated
    /// the profile, <see cref="StoreWriteOutcome.NameExists"/> when the name is taken; null when the insert may go on.
    /// </summary>
    public static async Task<StoreWriteOutcome?> RefusalAsync(DbCommand checks, string registrationId)
    {
        await using var reader = await checks.ExecuteReaderAsync();
        await reader.ReadAsync();
        return reader.IsDBNull(0) ? StoreWriteOutcome.NotFound
            : reader.GetString(0) != registrationId ? StoreWriteOutcome.Stale
            : Convert.ToBoolean(reader.GetValue(1), CultureInfo.InvariantCulture) ? StoreWriteOutcome.NameExists
            : null;
    }

    /// <summary>The newest unexpired hold of a secret in a scope: <c>hold_id, credentials, created_at, expires_at</c>.</summary>
    public const string FindPendingSecret =
        "SELECT hold_id, credentials, created_at, expires_at FROM pending_secrets " +
        "WHERE credentials_arn = {0}arn AND account = {0}account AND region = {0}region AND expires_at > {0}now ORDER BY expires_at DESC LIMIT 1;";

    public const string InsertPendingSecret =
        "INSERT INTO pending_secrets (hold_id, account, region, credentials_arn, credentials, created_at, expires_at) " +
        "VALUES ({0}hold_id, {0}account, {0}region, {0}arn, {0}credentials, {0}created_at, {0}expires_at);";

    public static (string, object?)[] PendingSecretParameters(PendingSecret secret, string prefix) =>
    [
        (prefix + "hold_id", secret.HoldId), (prefix + "account", secret.Scope.Account), (prefix + "region", secret.Scope.Region),
        (prefix + "arn", secret.Arn), (prefix + "credentials", secret.SealedValue),
        (prefix + "created_at", secret.CreatedAt.ToUnixTimeMilliseconds()), (prefix + "expires_at", secret.ExpiresAt.ToUnixTimeMilliseconds()),
    ];

    /// <summary>A <c>pending_secrets</c> row read as <c>hold_id, credentials, created_at, expires_at</c>.</summary>
    public static PendingSecret ReadPendingSecret(DbDataReader reader, RegistryScope scope, string arn) => new(
        reader.GetString(0),
        scope,
        arn,
        (byte[])reader.GetValue(1),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)));

    /// <param name="prefix">The provider's parameter prefix: <c>$</c> for SQLite, none for Npgsql's <c>@name</c>.</param>
    public static (string, object?)[] Parameters(ConnectorProfileRecord profile, string prefix) =>
    [
        (prefix + "account", profile.Scope.Account), (prefix + "region", profile.Scope.Region), (prefix + "name", profile.Name),
        (prefix + "arn", profile.Arn), (prefix + "label", profile.Label), (prefix + "connection_mode", profile.ConnectionMode),
        (prefix + "properties", JsonSerializer.Serialize(
            new SortedDictionary<string, string>(profile.ProfileProperties.ToDictionary(), StringComparer.Ordinal), StorageJsonContext.Default.SortedDictionaryStringString)),
        (prefix + "authentication_type", profile.AuthenticationType), (prefix + "credentials_arn", profile.CredentialsArn),
        (prefix + "credentials", profile.SealedCredentials),
        (prefix + "created_at", profile.CreatedAt.ToUnixTimeMilliseconds()), (prefix + "updated_at", profile.LastUpdatedAt.ToUnixTimeMilliseconds()),
        (prefix + "oauth2_properties", profile.OAuth2Properties is null ? null : JsonSerializer.Serialize(profile.OAuth2Properties, StorageJsonContext.Default.OAuth2Properties)),
        (prefix + "revision", profile.Revision),
    ];
}
