using System.Data.Common;
using System.Text.Json;
using AppFlowLocal.Registry;

namespace AppFlowLocal.Storage;

/// <summary>
/// A registration as a row of the connectors table, the same on every provider: the columns a read
/// selects, how a row becomes a <see cref="ConnectorRegistration"/>, and the parameters a write binds
/// (each provider names them with its own prefix, '$' or '@').
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
