using System.Data.Common;
using System.Text.Json;
using AppFlowLocal.Model;
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

    /// <summary>The columns a listing selects: a row's own, and its configuration parsed only when this revision was never parsed on this node.</summary>
    public const string SummaryColumns =
        "label, registration_id, revision, description, provisioning_type, registered_at, registered_by, configuration";

    /// <summary>A listing page's query, in the provider's parameter prefix ('$' or '@'), with <paramref name="extra"/> selected last.</summary>
    public static string ListQuery(string prefix, bool afterLabel, string? extra = null) =>
        $"SELECT {SummaryColumns}{(extra is null ? "" : ", " + extra)} FROM connectors WHERE account = {prefix}account AND region = {prefix}region " +
        (afterLabel ? $"AND label > {prefix}after " : "") +
        $"ORDER BY label LIMIT {prefix}limit;";

    /// <summary>Every row of a listing query, each configuration parsed only for a revision this node has not listed before.</summary>
    public static async Task<IReadOnlyList<ConnectorSummary>> ReadSummariesAsync(DbDataReader reader, RevisionCache? cache, CancellationToken cancellationToken)
    {
        var rows = new List<ConnectorSummary>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(ReadSummary(reader, cache));
        }

        return rows;
    }

    private const string ConfigurationKind = "configuration";
    private const string SummaryKind = "summary";

    /// <summary>
    /// A registration from its row. The configuration column is read and parsed only when the cache has
    /// not seen this revision: parsing it was most of what a DescribeConnector cost (bench/).
    /// </summary>
    public static ConnectorRegistration Read(DbDataReader reader, RegistryScope scope, RevisionCache? cache)
    {
        var id = reader.GetString(1);
        var revision = reader.GetInt64(2);
        // The object graph of a parsed configuration takes a few times its text.
        var configuration = cache is null
            ? ParseConfiguration(reader.GetString(9), reader)
            : cache.GetOrAdd(ConfigurationKind, id, revision, reader, static row =>
            {
                var text = row.GetString(9);
                return (ParseConfiguration(text, row), text.Length * 4L);
            });
        return new ConnectorRegistration(scope, id, revision, reader.GetString(0), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4),
            reader.GetString(5), reader.GetString(6), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)), reader.GetString(8), configuration);
    }

    /// <summary>A listing's row (<see cref="SummaryColumns"/>), with what a ConnectorDetail shows of its configuration.</summary>
    public static ConnectorSummary ReadSummary(DbDataReader reader, RevisionCache? cache)
    {
        var id = reader.GetString(1);
        var revision = reader.GetInt64(2);
        return cache is null
            ? Summary(reader, id, revision)
            : cache.GetOrAdd(SummaryKind, id, revision, (reader, id, revision), static row =>
            {
                var summary = Summary(row.reader, row.id, row.revision);
                return (summary, 512L + ((summary.Description?.Length ?? 0) * 2));
            });
    }

    private static ConnectorSummary Summary(DbDataReader reader, string id, long revision)
    {
        var shown = JsonSerializer.Deserialize(reader.GetString(7), StorageJsonContext.Default.ConnectorDetailMembers)
            ?? throw new InvalidDataException($"Connector {reader.GetString(0)} has no stored configuration.");
        return new ConnectorSummary(
            reader.GetString(0),
            reader.IsDBNull(3) ? null : reader.GetString(3),
            reader.GetString(4),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
            reader.GetString(6),
            shown.ConnectorName,
            shown.ConnectorOwner,
            shown.ConnectorVersion,
            shown.ConnectorModes,
            shown.SupportedDataTransferTypes,
            id,
            revision);
    }

    private static ConnectorConfiguration ParseConfiguration(string text, DbDataReader reader) =>
        JsonSerializer.Deserialize(text, StorageJsonContext.Default.ConnectorConfiguration)
            ?? throw new InvalidDataException($"Connector {reader.GetString(3)} has no stored configuration.");

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
