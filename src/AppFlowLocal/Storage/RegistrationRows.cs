using System.Data.Common;
using System.Text.Json;
using AppFlowLocal.Registry;

namespace AppFlowLocal.Storage;

/// <summary>
/// A registration as a row of the connectors table (and a clientToken as a row of idempotency_tokens),
/// the same on every provider: the columns a read selects, how a row becomes a <see cref="ConnectorRegistration"/>,
/// and the parameters a write binds (each provider names them with its own prefix, '$' or nothing).
/// </summary>
internal static class RegistrationRows
{
    public const string Columns =
        "label, registration_id, revision, arn, description, provisioning_type, lambda_arn, registered_at, registered_by, configuration";

    public static ConnectorRegistration Read(DbDataReader reader, RegistryScope scope) => new(
        scope,
        reader.GetString(1),
        reader.GetInt64(2),
        reader.GetString(0),
        reader.GetString(3),
        reader.IsDBNull(4) ? null : reader.GetString(4),
        reader.GetString(5),
        reader.GetString(6),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)),
        reader.GetString(8),
        JsonSerializer.Deserialize(reader.GetString(9), StorageJsonContext.Default.ConnectorConfiguration)
            ?? throw new InvalidDataException($"Connector {reader.GetString(3)} has no stored configuration."));

    /// <summary>
    /// A listing's row: label, description, provisioning_type, registered_at, registered_by, then the
    /// configuration's connectorName, connectorOwner, connectorVersion, connectorModes and
    /// supportedDataTransferTypes as each provider extracts them from the stored JSON.
    /// </summary>
    public static ConnectorSummary ReadSummary(DbDataReader reader) => new(
        reader.GetString(0),
        reader.IsDBNull(1) ? null : reader.GetString(1),
        reader.GetString(2),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
        reader.GetString(4),
        reader.IsDBNull(5) ? null : reader.GetString(5),
        reader.IsDBNull(6) ? null : reader.GetString(6),
        reader.IsDBNull(7) ? null : reader.GetString(7),
        reader.IsDBNull(8) ? null : JsonSerializer.Deserialize(reader.GetString(8), StorageJsonContext.Default.ListString),
        reader.IsDBNull(9) ? null : JsonSerializer.Deserialize(reader.GetString(9), StorageJsonContext.Default.ListString));

    /// <summary>An idempotency_tokens row: request_hash, state, response, created_at, lease_until.</summary>
    public static IdempotencyRecord ReadToken(DbDataReader reader, IdempotencyKey key)
    {
        var done = reader.GetString(1) == "done";
        return new IdempotencyRecord(
            key,
            reader.GetString(0),
            done ? TokenState.Done : TokenState.Pending,
            done ? reader.GetString(2) : null,
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
            reader.IsDBNull(4) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)));
    }

    /// <summary>Scopes by account, then region, ordinal: the same order whatever collation the database has.</summary>
    public static IReadOnlyList<ScopeSummary> OrderScopes(List<ScopeSummary> scopes)
    {
        scopes.Sort(static (a, b) =>
        {
            var byAccount = string.CompareOrdinal(a.Scope.Account, b.Scope.Account);
            return byAccount != 0 ? byAccount : string.CompareOrdinal(a.Scope.Region, b.Scope.Region);
        });
        return scopes;
    }

    public static (string, object?)[] Parameters(ConnectorRegistration registration, string prefix) =>
    [
        (prefix + "account", registration.Scope.Account), (prefix + "region", registration.Scope.Region), (prefix + "label", registration.Label),
        (prefix + "registration_id", registration.Id), (prefix + "revision", registration.Revision),
        (prefix + "arn", registration.Arn), (prefix + "description", registration.Description),
        (prefix + "provisioning_type", registration.ProvisioningType), (prefix + "lambda_arn", registration.LambdaArn),
        (prefix + "registered_at", registration.RegisteredAt.ToUnixTimeMilliseconds()), (prefix + "registered_by", registration.RegisteredBy),
        (prefix + "configuration", JsonSerializer.Serialize(registration.Configuration, StorageJsonContext.Default.ConnectorConfiguration)),
    ];
}
