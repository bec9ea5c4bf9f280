using System.Data.Common;
using System.Text.Json;
using AppFlowLocal.Registry;

namespace AppFlowLocal.Storage;

/// <summary>How a <see cref="ConnectorHistoryEntry"/> is laid out in the connector_history table, the same on every provider.</summary>
internal static class HistoryRows
{
    /// <summary>The columns <see cref="Read"/> expects, in its order.</summary>
    public const string Columns = "registration_id, sequence, action, changed_at, changed_by, lambda_arn, connector_version, changes";

    public const string InsertColumns = "account, region, label, registration_id, sequence, action, changed_at, changed_by, lambda_arn, connector_version, changes";

    public static ConnectorHistoryEntry Read(DbDataReader reader) => new(
        reader.GetString(2),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
        reader.GetString(4),
        reader.IsDBNull(5) ? null : reader.GetString(5),
        reader.IsDBNull(6) ? null : reader.GetString(6),
        JsonSerializer.Deserialize(reader.GetString(7), StorageJsonContext.Default.ListString) ?? [],
        KeepLast: 0)
    {
        RegistrationId = reader.GetString(0),
        Sequence = reader.GetInt64(1),
    };

    /// <summary>The values of <see cref="InsertColumns"/>, named after them with the provider's parameter <paramref name="prefix"/>.</summary>
    public static (string Name, object? Value)[] Values(string prefix, RegistryScope scope, string label, string registrationId, long sequence, ConnectorHistoryEntry entry) =>
    [
        (prefix + "account", scope.Account), (prefix + "region", scope.Region), (prefix + "label", label),
        (prefix + "registration_id", registrationId), (prefix + "sequence", sequence), (prefix + "action", entry.Action),
        (prefix + "changed_at", entry.At.ToUnixTimeMilliseconds()), (prefix + "changed_by", entry.By), (prefix + "lambda_arn", entry.LambdaArn),
        (prefix + "connector_version", entry.ConnectorVersion),
        (prefix + "changes", JsonSerializer.Serialize([.. entry.Changes], StorageJsonContext.Default.ListString)),
    ];

    /// <summary>The VALUES list of an insert of <see cref="InsertColumns"/>, with the provider's parameter <paramref name="prefix"/>.</summary>
    public static string Placeholders(string prefix) => string.Join(", ", InsertColumns.Split(", ").Select(column => prefix + column));
}
