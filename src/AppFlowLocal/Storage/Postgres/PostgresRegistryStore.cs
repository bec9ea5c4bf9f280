using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using AppFlowLocal.Registry;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AppFlowLocal.Storage.Postgres;

/// <summary>
/// The store for several nodes over one PostgreSQL database. Everything that must hold across nodes is
/// decided by the database inside each write's transaction: the clientToken first (its row is updated
/// only while this call's claim holds it), then the write's own rows. The scope's registration count is
/// split over shard rows so that an account's registrations commit side by side (sharing WAL flushes)
/// rather than one at a time behind one counter row; the quota stays exact (see <see cref="InsertAsync"/>).
/// Transactions run at READ COMMITTED: each statement sees everything committed before it began, which,
/// after the locks a write takes, makes the label and quota checks exact; updates are compare-and-swap on
/// (registration id, revision), which PostgreSQL re-checks against the latest row when it waits. A
/// stricter level would add only serialization failures to retry. A write's statements travel together
/// (<see cref="NpgsqlBatch"/>): a registration or an update is one round trip and its commit. Commits are
/// synchronous (the WAL is flushed before a client hears of it), except a clientToken's claim and release,
/// whose loss harms nothing.
/// </summary>
internal sealed class PostgresRegistryStore : IRegistryStore, IAsyncDisposable
{
    /// <summary>The SQLSTATE of appflow_refuse (PostgresMigrations): a write's own check refused it.</summary>
    internal const string RefusedState = "AFL01";

    // Refusals that are not a StoreWriteOutcome: the registration is counted again exactly; the update reads what it met.
    private const string NearQuota = "NearQuota";
    private const string Unchanged = "Unchanged";

    private readonly NpgsqlDataSource dataSource;
    private readonly DatabaseHealth health;
    private readonly TimeSpan startupTimeout;
    private byte[]? secret;

    private readonly RevisionCache? cache;
    private readonly PostgresCommitCheck commits;
    private readonly RecentReads<PostgresCommitCheck.Snapshot> recent;

    public PostgresRegistryStore(IOptions<StorageOptions> options, DatabaseHealth health, RevisionCache? cache = null)
    {
        this.cache = cache;
        this.health = health;
        startupTimeout = options.Value.StartupTimeout;

        // Throws ArgumentException for a malformed string; start-up reports it without quoting it (it may hold a password).
        var builder = new NpgsqlConnectionStringBuilder(options.Value.ConnectionString);

        // A server configured with synchronous_commit=off would acknowledge registrations a crash can lose.
        // Writes sent with their commit run in implicit transactions, at the session's default level: READ
        // COMMITTED, whatever the database's default, as explicit transactions ask for.
        builder.Options = $"-c synchronous_commit=on -c default_transaction_isolation=read\\ committed {builder.Options}".TrimEnd();

        // The same few statements run on every request: prepared on the server once per connection,
        // a read skips PostgreSQL's parse and plan. A connection string that sets these keeps its own.
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }
        // Commands outside a transaction (every read) from concurrent requests share physical connections
        // and are written to PostgreSQL together, so 32 concurrent reads are not 32 round trips' worth of
        // syscalls and wake-ups on each side (bench/README: DescribeConnector at 32 clients 0.27 -> 0.41 of
        // the ceiling). A transaction still has a connection of its own. A connection string that says
        // Multiplexing keeps its choice.
        if (!new DbConnectionStringBuilder { ConnectionString = options.Value.ConnectionString }.ContainsKey("Multiplexing"))
        {
            builder.Multiplexing = true;
        }

        Database = $"PostgreSQL database '{builder.Database ?? builder.Username}' on {builder.Host}:{builder.Port}";
        dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        commits = new PostgresCommitCheck(() => PostgresCommitCheck.SnapshotAsync(dataSource), health);
        recent = new RecentReads<PostgresCommitCheck.Snapshot>(() => commits.Latest);
    }

    /// <summary>The database as an operator names it, without credentials.</summary>
    public string Database { get; }

    /// <summary>Whether commands outside transactions share physical connections (Npgsql's multiplexing).</summary>
    internal bool Multiplexed => new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).Multiplexing;

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + startupTimeout;
        var pause = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
                await PostgresMigrations.ApplyAsync(connection, Database, cancellationToken);

                // The first node over a new database creates the secret; every node reads the one that won.
                await using var command = new NpgsqlCommand(
                    "INSERT INTO server_secrets (name, value) VALUES ('page-token', @value) ON CONFLICT (name) DO NOTHING; " +
                    "SELECT value FROM server_secrets WHERE name = 'page-token';", connection);
                command.Parameters.AddWithValue("value", RandomNumberGenerator.GetBytes(32));
                secret = (byte[])(await command.ExecuteScalarAsync(cancellationToken))!;
                health.Reached();
                return;
            }
            catch (Exception e) when (IsUnreachable(e) && !cancellationToken.IsCancellationRequested)
            {
                // Quietly: a refused start says in its one line how long it waited and why.
                dataSource.Clear();
                var left = deadline - DateTimeOffset.UtcNow;
                if (left <= TimeSpan.Zero)
                {
                    throw new UnusableDatabaseException(Database,
                        $"cannot be reached (waited {startupTimeout.TotalSeconds:0.#} s, Storage:StartupTimeout): {FirstLine(e.Message)}");
                }

                await Task.Delay(pause < left ? pause : left, cancellationToken);
                pause = pause * 2 < TimeSpan.FromSeconds(2) ? pause * 2 : TimeSpan.FromSeconds(2);
            }
        }
    }

    public async Task<ConnectorRegistration?> FindAsync(RegistryScope scope, string label, CancellationToken cancellationToken)
    {
        var key = new RecentReads.ReadKey(Listing: false, scope, label, 0);
        return await KeptAsync(key, cancellationToken) is (true, var kept)
            ? (ConnectorRegistration?)kept
            : await FindStoredAsync(key, cancellationToken);
    }

    /// <summary>The answer kept for <paramref name="key"/> if a snapshot check sent after this call confirms it, and the check could save the read at all.</summary>
    private async ValueTask<(bool Found, object? Answer)> KeptAsync(RecentReads.ReadKey key, CancellationToken cancellationToken) =>
        recent.WorthLooking(key) && recent.TryGet(await commits.NextAsync().WaitAsync(cancellationToken), key, out var kept) ? (true, kept) : (false, null);

    /// <summary>Straight to storage: a write's own changes end what is kept, so a check first would be a round trip wasted.</summary>
    public Task<ConnectorRegistration?> FindForWriteAsync(RegistryScope scope, string label, CancellationToken cancellationToken) =>
        FindStoredAsync(new RecentReads.ReadKey(Listing: false, scope, label, 0), cancellationToken);

    private async Task<ConnectorRegistration?> FindStoredAsync(RecentReads.ReadKey key, CancellationToken cancellationToken)
    {
        var (scope, label) = (key.Scope, key.Label);
        var (found, snapshot) = await ReadAsync(async connection =>
        {
            // One row whether or not the label is registered, so the snapshot the answer was read under comes back either way.
            await using var command = Command(connection, null,
                $"SELECT {RegistrationRows.Columns}, {PostgresCommitCheck.SnapshotExpression} FROM (VALUES (1)) AS one (x) " +
                "LEFT JOIN connectors ON account = @account AND region = @region AND label = @label;",
                ("account", scope.Account), ("region", scope.Region), ("label", label));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var snapshot = new PostgresCommitCheck.Snapshot(reader.GetString(reader.FieldCount - 1));
            return (reader.IsDBNull(0) ? null : RegistrationRows.Read(reader, scope, cache), snapshot);
        }, cancellationToken);
        recent.Keep(snapshot, key, found);
        return found;
    }

    public async Task<IReadOnlyList<ConnectorSummary>> ListAsync(RegistryScope scope, string? afterLabel, int limit, CancellationToken cancellationToken)
    {
        var key = new RecentReads.ReadKey(Listing: true, scope, afterLabel, limit);
        if (await KeptAsync(key, cancellationToken) is (true, var kept))
        {
            return (IReadOnlyList<ConnectorSummary>)kept!;
        }

        var (page, snapshot) = await ReadAsync(async connection =>
        {
            await using var command = Command(connection, null, RegistrationRows.ListQuery("@", afterLabel is not null, PostgresCommitCheck.SnapshotExpression),
                ("account", scope.Account), ("region", scope.Region), ("after", afterLabel), ("limit", limit));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var rows = new List<ConnectorSummary>();
            PostgresCommitCheck.Snapshot? snapshot = null;
            while (await reader.ReadAsync(cancellationToken))
            {
                snapshot ??= new PostgresCommitCheck.Snapshot(reader.GetString(reader.FieldCount - 1));
                rows.Add(RegistrationRows.ReadSummary(reader, cache));
            }

            // An empty page is not kept: it carries no snapshot.
            return ((IReadOnlyList<ConnectorSummary>)rows, snapshot);
        }, cancellationToken);
        return recent.KeepPage(snapshot, key, page);
    }

    public Task<IReadOnlyList<ScopeSummary>> ListScopesAsync(string? account, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<ScopeSummary>>(async connection =>
        {
            // Counted from the registrations themselves rather than scope_counts: the console shows what is there.
            await using var command = Command(connection, null,
                "SELECT account, region, count(*)::int FROM connectors " + (account is null ? "" : "WHERE account = @account ") + "GROUP BY account, region;",
                ("account", account));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var scopes = new List<ScopeSummary>();
            while (await reader.ReadAsync(cancellationToken))
            {
                scopes.Add(new ScopeSummary(new RegistryScope(reader.GetString(0), reader.GetString(1)), reader.GetInt32(2)));
            }

            return RegistrationRows.OrderScopes(scopes);
        }, cancellationToken);

    public Task<int> CountAsync(RegistryScope scope, int upTo, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            await using var command = Command(connection, null, $"SELECT {ConnectorCount};", ("account", scope.Account), ("region", scope.Region));
            var count = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
            return (int)Math.Min(count, upTo);
        }, cancellationToken);

    /// <summary>Both checks in one statement: a round trip, not two.</summary>
    public Task<(bool Registered, int Count)> RegistrableAsync(RegistryScope scope, string label, int upTo, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            await using var command = Command(connection, null,
                $"SELECT EXISTS (SELECT 1 FROM connectors WHERE account = @account AND region = @region AND label = @label), {ConnectorCount};",
                ("account", scope.Account), ("region", scope.Region), ("label", label));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            return (reader.GetBoolean(0), (int)Math.Min(reader.GetInt64(1), upTo));
        }, cancellationToken);

    /// <summary>
    /// A registration counted on one shard row, committed when the quota cannot be reached by the registrations
    /// in flight; otherwise (near the quota) counted again exactly, in a second transaction.
    /// </summary>
    /// <remarks>
    /// Why the count stays within the quota. A registration on a shard adds 1 to one shard row, which it then holds
    /// to its end, before its counting statement begins; at READ COMMITTED that statement sees every registration
    /// and unregister committed before it began (and its own row). An exact registration holds the counter row
    /// and every shard row before its counting statement begins. Take the registrations committed at any moment
    /// and, among them, R, whose counting statement began last. Each other one committed before that statement
    /// began (R saw it) or was still running then, holding its shard(s) from before its own counting statement
    /// (which began no later than R's) until after R's began. If R is exact, it held every shard and the counter
    /// row then, so there is no such other one, and R inserted only below the quota. If R is on a shard, each
    /// such other one held a shard other than R's at that moment (and so is not exact: an exact one would have
    /// held R's), one each, so there are at most <see cref="CountShards"/> - 1 of them, and R committed only if
    /// what it saw plus <see cref="CountShards"/> - 1 is within the quota. Unregisters committed after R's
    /// statement only lower the count. (The tests hold a registration in flight on a shard to show the exact
    /// path waiting for it.)
    /// </remarks>
    public async Task<StoreWriteOutcome> InsertAsync(ConnectorRegistration registration, int quota, TokenWrite? token, ConnectorHistoryEntry? history,
        CancellationToken cancellationToken) =>
        await InsertOnShardAsync(registration, quota, token, history, cancellationToken)
        ?? await WriteAsync((connection, transaction) => InsertCountedExactlyAsync(connection, transaction, registration, quota, token, history), cancellationToken);

    /// <summary>
    /// The common case, in one round trip with its commit: one shard of the count, the row and its history, then
    /// the token and the count. Null (nothing committed) when the registrations that may be in flight could reach
    /// the quota.
    /// </summary>
    private async Task<StoreWriteOutcome?> InsertOnShardAsync(ConnectorRegistration registration, int quota, TokenWrite? token, ConnectorHistoryEntry? history,
        CancellationToken cancellationToken)
    {
        var scope = registration.Scope;
        var refusal = await CommitUnlessRefusedAsync(batch =>
        {
            // The shard before the row: a registration that holds its label's row never waits for a shard, so it
            // never waits for an exact registration, which holds every shard before it inserts (no cycle).
            Add(batch,
                "INSERT INTO scope_count_shards (account, region, shard, connectors) VALUES (@account, @region, @shard, 1) " +
                "ON CONFLICT (account, region, shard) DO UPDATE SET connectors = scope_count_shards.connectors + 1;",
                ("account", scope.Account), ("region", scope.Region), ("shard", (short)Random.Shared.Next(CountShards)));

            // A racing insert of the same label makes this one wait for its end; if it committed, nothing is inserted.
            Add(batch, InsertRow("VALUES (" + RowValues + ")", null, history), InsertParameters(registration, history));

            // The last statement sees what the ones before it did: the row is this registration's (its id is new),
            // and the count includes it. The token goes first among the reasons: a retry whose first call already
            // committed must replay, not meet its own label.
            var inserted = "EXISTS (SELECT 1 FROM connectors WHERE account = @account AND region = @region AND label = @label AND registration_id = @registration_id)";
            var withinQuota = $"{ConnectorCount} + {CountShards - 1} <= @quota";
            (string Name, object? Value)[] parameters =
                [("account", scope.Account), ("region", scope.Region), ("label", registration.Label), ("registration_id", registration.Id), ("quota", (long)quota)];
            Add(batch, RefuseUnless(token, $"CASE WHEN NOT {inserted} THEN '{nameof(StoreWriteOutcome.LabelExists)}' WHEN NOT ({withinQuota}) THEN '{NearQuota}' END"),
                WithToken(parameters, token));
        }, cancellationToken);

        return refusal switch
        {
            null => StoreWriteOutcome.Written,
            NearQuota => null,
            _ => Enum.Parse<StoreWriteOutcome>(refusal),
        };
    }

    /// <summary>
    /// Near the quota: the scope's counter row, then every shard row of the scope, locked (the order every
    /// count-changing write keeps: see <see cref="LockScopeCountsAsync"/>), so no registration or unregister of
    /// the scope is in flight while this one counts and inserts.
    /// </summary>
    private static async Task<(StoreWriteOutcome Outcome, bool Keep)> InsertCountedExactlyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        ConnectorRegistration registration, int quota, TokenWrite? token, ConnectorHistoryEntry? history)
    {
        var scope = registration.Scope;
        await using var batch = new NpgsqlBatch(connection, transaction);
        var completed = token is null ? null : CompleteToken(batch, token);
        Add(batch, LockScopeCounts("connectors"), ("account", scope.Account), ("region", scope.Region));

        // Upserted rather than selected FOR UPDATE: a shard no registration has used yet must be held too.
        Add(batch,
            $"INSERT INTO scope_count_shards (account, region, shard, connectors) SELECT @account, @region, shard, 0 FROM generate_series(0, {CountShards - 1}) AS shard " +
            "ON CONFLICT (account, region, shard) DO UPDATE SET connectors = scope_count_shards.connectors;",
            ("account", scope.Account), ("region", scope.Region));
        var inserted = Add(batch,
            InsertRow($"SELECT {RowValues} WHERE {ConnectorCount} < @quota",
                "counted AS (UPDATE scope_counts SET connectors = connectors + 1 WHERE account = @account AND region = @region AND EXISTS (SELECT 1 FROM inserted))",
                history),
            [.. InsertParameters(registration, history), ("quota", (long)quota)]);
        var labelTaken = Add(batch, "SELECT 1 FROM connectors WHERE account = @account AND region = @region AND label = @label;",
            ("account", scope.Account), ("region", scope.Region), ("label", registration.Label));
        await batch.ExecuteNonQueryAsync();

        if (completed is { Rows: 0 })
        {
            return (StoreWriteOutcome.TokenTaken, false);
        }

        if (inserted.Rows == 1)
        {
            return (StoreWriteOutcome.Written, true);
        }

        return (labelTaken.Rows == 1 ? StoreWriteOutcome.LabelExists : StoreWriteOutcome.QuotaExceeded, false);
    }

    /// <summary>
    /// One statement that inserts the row from <paramref name="source"/> unless its label is taken, runs
    /// <paramref name="alongside"/> (a CTE that may read <c>inserted</c>), and writes the first history entry only
    /// when the row was inserted; its <see cref="NpgsqlBatchCommand.Rows"/> is then 1. A new registration has no
    /// older entries to drop (every history limit is at least 1).
    /// </summary>
    private static string InsertRow(string source, string? alongside, ConnectorHistoryEntry? history) =>
        $"WITH inserted AS (INSERT INTO connectors ({RowColumns}) {source} " +
        "ON CONFLICT (account, region, label) DO NOTHING RETURNING registration_id)" +
        (alongside is null ? " " : $", {alongside} ") +
        (history is null
            ? "SELECT 1 FROM inserted;"
            : $"INSERT INTO connector_history ({HistoryRows.InsertColumns}) SELECT {HistoryRows.Placeholders("@history_")} FROM inserted;");

    private const string RowColumns =
        "account, region, label, registration_id, revision, arn, description, provisioning_type, lambda_arn, registered_at, registered_by, configuration";

    private const string RowValues =
        "@account, @region, @label, @registration_id, @revision, @arn, @description, @provisioning_type, @lambda_arn, @registered_at, @registered_by, @configuration";

    private static (string Name, object? Value)[] InsertParameters(ConnectorRegistration registration, ConnectorHistoryEntry? history) =>
        history is null
            ? RegistrationRows.Parameters(registration, "")
            : [.. RegistrationRows.Parameters(registration, ""),
                .. HistoryRows.Values("history_", registration.Scope, registration.Label, registration.Id, registration.Revision, history)];

    public async Task<StoreWriteOutcome> ReplaceAsync(ConnectorRegistration registration, TokenWrite? token, ConnectorHistoryEntry? history, CancellationToken cancellationToken)
    {
        var scope = registration.Scope;
        var refusal = await CommitUnlessRefusedAsync(batch =>
        {
            // One statement. Compare-and-swap: a concurrent update makes this one wait for it, then re-check the
            // revision. The history is written and trimmed only when the update happened: the trimming waits for
            // the update (it reads changed), so the registration's row is locked before its history rows, as an
            // unregister locks them.
            var changes =
                "changed AS (UPDATE connectors SET description = @description, lambda_arn = @lambda_arn, configuration = @configuration, revision = revision + 1 " +
                "WHERE account = @account AND region = @region AND label = @label AND registration_id = @registration_id AND revision = @revision RETURNING 1)" +
                (history is null
                    ? ""
                    : $", recorded AS (INSERT INTO connector_history ({HistoryRows.InsertColumns}) SELECT {HistoryRows.Placeholders("@history_")} FROM changed)" +
                      ", trimmed AS (DELETE FROM connector_history WHERE registration_id = @registration_id AND sequence <= @oldest_dropped AND EXISTS (SELECT 1 FROM changed))");
            (string Name, object? Value)[] parameters = history is null
                ? RegistrationRows.Parameters(registration, "")
                : [.. RegistrationRows.Parameters(registration, ""),
                    .. HistoryRows.Values("history_", scope, registration.Label, registration.Id, registration.Revision + 1, history),
                    ("oldest_dropped", registration.Revision + 1 - history.KeepLast)];
            Add(batch, RefuseUnless(token, $"CASE WHEN NOT EXISTS (SELECT 1 FROM changed) THEN '{Unchanged}' END", changes), WithToken(parameters, token));
        }, cancellationToken);

        if (refusal != Unchanged)
        {
            return refusal is null ? StoreWriteOutcome.Written : Enum.Parse<StoreWriteOutcome>(refusal);
        }

        // Read after the update gave up, so it sees the row as the update left it: gone, or another's.
        var exists = await ReadAsync(async connection =>
        {
            await using var command = Command(connection, null, "SELECT 1 FROM connectors WHERE account = @account AND region = @region AND label = @label;",
                ("account", scope.Account), ("region", scope.Region), ("label", registration.Label));
            return await command.ExecuteScalarAsync(CancellationToken.None) is not null;
        }, CancellationToken.None);
        return exists ? StoreWriteOutcome.Stale : StoreWriteOutcome.NotFound;
    }

    public Task<StoreWriteOutcome> DeleteAsync(RegistryScope scope, string label, bool force, ConnectorHistoryEntry? history, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            await LockScopeCountsAsync(connection, transaction, scope, "connectors");

            // Deleting the row locks it: a profile insert (which reads the connector FOR SHARE) waits for this
            // transaction, and one that committed first is seen by the count below.
            string id;
            long revision;
            await using (var delete = Command(connection, transaction,
                "DELETE FROM connectors WHERE account = @account AND region = @region AND label = @label RETURNING registration_id, revision;",
                ("account", scope.Account), ("region", scope.Region), ("label", label)))
            {
                await using var reader = await delete.ExecuteReaderAsync();
                if (!await reader.ReadAsync())
                {
                    return (StoreWriteOutcome.NotFound, false);
                }

                (id, revision) = (reader.GetString(0), reader.GetInt64(1));
            }

            var profiles = await ExecuteAsync(connection, transaction,
                "DELETE FROM connector_profiles WHERE account = @account AND region = @region AND label = @label;",
                ("account", scope.Account), ("region", scope.Region), ("label", label));
            if (profiles > 0 && !force)
            {
                return (StoreWriteOutcome.InUse, false);
            }

            // Subtracted from the counter row this transaction holds, never from a shard: a shard may be held by a
            // registration of this label waiting for this delete (see LockScopeCountsAsync).
            await ExecuteAsync(connection, transaction,
                "UPDATE scope_counts SET connectors = connectors - 1, profiles = profiles - @profiles WHERE account = @account AND region = @region;",
                ("account", scope.Account), ("region", scope.Region), ("profiles", profiles));
            await AppendHistoryAsync(connection, transaction, scope, label, id, revision + 1, history);
            return (StoreWriteOutcome.Written, true);
        }, cancellationToken);

    public Task<StoreWriteOutcome> InsertProfileAsync(ConnectorProfileRecord profile, string registrationId, int quota, TokenWrite? token, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            if (token is not null && !await CompleteTokenAsync(connection, transaction, token))
            {
                return (StoreWriteOutcome.TokenTaken, false);
            }

            var scope = profile.Scope;
            var count = await LockScopeCountsAsync(connection, transaction, scope, "profiles");

            // FOR SHARE: an unregister of the connector waits for this insert, or this insert for it.
            await using var check = Command(connection, transaction, ConnectorProfileRows.InsertChecks("@", " FOR SHARE"), ConnectorProfileRows.Parameters(profile, ""));
            if (await ConnectorProfileRows.RefusalAsync(check, registrationId) is { } refusal)
            {
                return (refusal, false);
            }

            if (count >= quota)
            {
                return (StoreWriteOutcome.QuotaExceeded, false);
            }

            // Under the counter's lock no other insert of the scope runs, so the name is still free.
            await ExecuteAsync(connection, transaction,
                string.Format(CultureInfo.InvariantCulture, ConnectorProfileRows.Insert, "@") + ";",
                ConnectorProfileRows.Parameters(profile, ""));
            await ExecuteAsync(connection, transaction,
                "UPDATE scope_counts SET profiles = profiles + 1 WHERE account = @account AND region = @region;",
                ("account", scope.Account), ("region", scope.Region));
            return (StoreWriteOutcome.Written, true);
        }, cancellationToken);

    public Task<IReadOnlyList<ConnectorProfileRecord>> ListProfilesAsync(
        RegistryScope scope, string? label, IReadOnlyCollection<string>? names, string? afterName, int limit, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<ConnectorProfileRecord>>(async connection =>
        {
            await using var command = Command(connection, null,
                $"SELECT {ConnectorProfileRows.Columns} FROM connector_profiles WHERE account = @account AND region = @region " +
                (label is null ? "" : "AND label = @label ") +
                (names is null ? "" : "AND name = ANY(@names) ") +
                (afterName is null ? "" : "AND name > @after ") +
                "ORDER BY name LIMIT @limit;",
                ("account", scope.Account), ("region", scope.Region), ("label", label), ("after", afterName), ("limit", limit),
                ("names", names?.ToArray()));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var rows = new List<ConnectorProfileRecord>();
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(ConnectorProfileRows.Read(reader, scope));
            }

            return rows;
        }, cancellationToken);

    public Task<StoreWriteOutcome> UpdateProfileAsync(ConnectorProfileRecord profile, TokenWrite? token, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            if (token is not null && !await CompleteTokenAsync(connection, transaction, token))
            {
                return (StoreWriteOutcome.TokenTaken, false);
            }

            // A concurrent update or delete of the row makes this one wait for it, then re-check the secret and revision.
            var changed = await ExecuteAsync(connection, transaction, string.Format(CultureInfo.InvariantCulture, ConnectorProfileRows.Update, "@"),
                ConnectorProfileRows.Parameters(profile, ""));
            if (changed == 1)
            {
                return (StoreWriteOutcome.Written, true);
            }

            // Read committed: this statement sees the row as the update left it, gone or another's.
            await using var exists = Command(connection, transaction, string.Format(CultureInfo.InvariantCulture, ConnectorProfileRows.Exists, "@"),
                ("account", profile.Scope.Account), ("region", profile.Scope.Region), ("name", profile.Name));
            return (await exists.ExecuteScalarAsync() is null ? StoreWriteOutcome.NotFound : StoreWriteOutcome.Stale, false);
        }, cancellationToken);

    public Task<ConnectorProfileRecord?> FindProfileBySecretAsync(RegistryScope scope, string credentialsArn, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            await using var command = Command(connection, null,
                $"SELECT {ConnectorProfileRows.Columns} FROM connector_profiles WHERE credentials_arn = @arn AND account = @account AND region = @region;",
                ("arn", credentialsArn), ("account", scope.Account), ("region", scope.Region));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? ConnectorProfileRows.Read(reader, scope) : null;
        }, cancellationToken);

    public Task<bool> DeleteProfileAsync(RegistryScope scope, string name, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            await LockScopeCountsAsync(connection, transaction, scope, "profiles");
            var deleted = await ExecuteAsync(connection, transaction,
                "DELETE FROM connector_profiles WHERE account = @account AND region = @region AND name = @name;",
                ("account", scope.Account), ("region", scope.Region), ("name", name)) > 0;
            if (deleted)
            {
                await ExecuteAsync(connection, transaction,
                    "UPDATE scope_counts SET profiles = profiles - 1 WHERE account = @account AND region = @region;",
                    ("account", scope.Account), ("region", scope.Region));
            }

            return (deleted, deleted);
        }, cancellationToken);

    public Task<int> CountProfilesAsync(RegistryScope scope, int upTo, CancellationToken cancellationToken) =>
        ReadProfileCountAsync(scope, upTo, cancellationToken);

    // A hold is gone once its validation ends: losing one in a crash costs nothing, so these commit asynchronously.
    public Task HoldPendingSecretAsync(PendingSecret secret, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            await using var batch = UnflushedBatch(connection, transaction);
            Add(batch, "DELETE FROM pending_secrets WHERE expires_at <= @now;", ("now", secret.CreatedAt.ToUnixTimeMilliseconds()));
            Add(batch, string.Format(CultureInfo.InvariantCulture, ConnectorProfileRows.InsertPendingSecret, "@"),
                ConnectorProfileRows.PendingSecretParameters(secret, ""));
            await batch.ExecuteNonQueryAsync();
            return (true, true);
        }, cancellationToken);

    public Task ReleasePendingSecretAsync(string holdId, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            await using var batch = UnflushedBatch(connection, transaction);
            var deleted = Add(batch, "DELETE FROM pending_secrets WHERE hold_id = @hold_id;", ("hold_id", holdId));
            await batch.ExecuteNonQueryAsync();
            var released = deleted.Rows > 0;
            return (released, released);
        }, cancellationToken);

    public Task<PendingSecret?> FindPendingSecretAsync(RegistryScope scope, string credentialsArn, DateTimeOffset now, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            await using var command = Command(connection, null, string.Format(CultureInfo.InvariantCulture, ConnectorProfileRows.FindPendingSecret, "@"),
                ("arn", credentialsArn), ("account", scope.Account), ("region", scope.Region), ("now", now.ToUnixTimeMilliseconds()));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? ConnectorProfileRows.ReadPendingSecret(reader, scope, credentialsArn) : null;
        }, cancellationToken);

    public Task<IReadOnlyList<ConnectorHistoryEntry>> ListHistoryAsync(RegistryScope scope, string label, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<ConnectorHistoryEntry>>(async connection =>
        {
            await using var command = Command(connection, null,
                $"SELECT {HistoryRows.Columns} FROM connector_history " +
                "WHERE account = @account AND region = @region AND label = @label AND registration_id = (" +
                "SELECT registration_id FROM connector_history WHERE account = @account AND region = @region AND label = @label ORDER BY entry_id DESC LIMIT 1) " +
                "ORDER BY sequence DESC;",
                ("account", scope.Account), ("region", scope.Region), ("label", label));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var entries = new List<ConnectorHistoryEntry>();
            while (await reader.ReadAsync(cancellationToken))
            {
                entries.Add(HistoryRows.Read(reader));
            }

            return entries;
        }, cancellationToken);

    /// <summary>
    /// Locks the scope's counter row (creating it at 0 the first time) and returns its <paramref name="counter"/>
    /// (connectors or profiles): from here on no other insert or delete in this scope that takes this lock can
    /// commit until this transaction ends, on any node.
    /// </summary>
    /// <remarks>
    /// Lock order, and why it leaves no deadlock. Every write that takes this row takes it before any other row of
    /// the scope's counts (an exact registration then takes every shard row; an unregister, a profile's insert or
    /// delete, none), so writes that take it never wait for each other in a cycle. A registration on a shard takes
    /// one shard row and never this one; after its shard it waits at most for a racing insert of its label, whose
    /// holder has its own shard already and waits for nothing after, so its waits end. An exact registration
    /// waits for shards, never the other way round, as a registration on a shard takes its shard before its
    /// label's row. An unregister subtracts from this row, which it holds, never from a shard: were it to wait
    /// for a shard held by a registration of its label, which waits for the unregister's delete of that row, the
    /// two would deadlock. A profile's insert reads its connector FOR SHARE after this row: the row of a
    /// registration still on a shard is not visible to it, so it does not wait for one.
    /// </remarks>
    private static async Task<int> LockScopeCountsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, RegistryScope scope, string counter)
    {
        await using var command = Command(connection, transaction, LockScopeCounts(counter) + $" RETURNING {counter};",
            ("account", scope.Account), ("region", scope.Region));
        return (int)(await command.ExecuteScalarAsync())!;
    }

    private static string LockScopeCounts(string counter) =>
        "INSERT INTO scope_counts (account, region, connectors, profiles) VALUES (@account, @region, 0, 0) " +
        $"ON CONFLICT (account, region) DO UPDATE SET {counter} = scope_counts.{counter}";

    /// <summary>Split in two so that an account's registrations never queue on one row: see <see cref="InsertAsync"/>.</summary>
    private const int CountShards = 16;

    /// <summary>The scope's registrations: its counter row (less the unregisters) plus its shards (the registrations), as one bigint.</summary>
    private const string ConnectorCount =
        "(coalesce((SELECT connectors FROM scope_counts WHERE account = @account AND region = @region), 0) + " +
        "coalesce((SELECT sum(connectors) FROM scope_count_shards WHERE account = @account AND region = @region), 0))";

    /// <summary>The scope's profile counter: one row however many profiles the scope holds.</summary>
    private Task<int> ReadProfileCountAsync(RegistryScope scope, int upTo, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            await using var command = Command(connection, null,
                "SELECT profiles FROM scope_counts WHERE account = @account AND region = @region;",
                ("account", scope.Account), ("region", scope.Region));
            var count = await command.ExecuteScalarAsync(cancellationToken) is int stored ? stored : 0;
            return Math.Min(count, upTo);
        }, cancellationToken);

    /// <summary>Appends the entry and drops the registration's entries beyond its limit, in the change's own transaction.</summary>
    private static async Task AppendHistoryAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, RegistryScope scope, string label,
        string registrationId, long sequence, ConnectorHistoryEntry? history)
    {
        if (history is null)
        {
            return;
        }

        await ExecuteAsync(connection, transaction,
            $"INSERT INTO connector_history ({HistoryRows.InsertColumns}) VALUES ({HistoryRows.Placeholders("@")});",
            HistoryRows.Values("", scope, label, registrationId, sequence, history));
        await ExecuteAsync(connection, transaction,
            "DELETE FROM connector_history WHERE registration_id = @registration_id AND sequence <= @oldest_dropped;",
            ("registration_id", registrationId), ("oldest_dropped", sequence - history.KeepLast));
    }

    public Task<IdempotencyRecord?> FindTokenAsync(IdempotencyKey key, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            await using var command = Command(connection, null, FindTokenQuery, KeyParameters(key));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? RegistrationRows.ReadToken(reader, key) : null;
        }, cancellationToken);

    /// <summary>A claim that finds the token held writes nothing, and answers with the record, in one round trip.</summary>
    public bool ClaimsBeforeLooking => true;

    public Task<IdempotencyRecord?> ClaimTokenAsync(IdempotencyClaim claim, CancellationToken cancellationToken) =>
        SendWithCommitAsync(async connection =>
        {
            var key = claim.Key;
            await using var batch = new NpgsqlBatch(connection);

            // Losing a claim in a crash harms nothing (see UnflushedBatch): its commit does not wait for the flush.
            Add(batch, "SELECT set_config('synchronous_commit', 'off', true);");
            (string Name, object? Value)[] parameters =
                [.. KeyParameters(key), ("request_hash", claim.RequestHash), ("created_at", claim.CreatedAt.ToUnixTimeMilliseconds()),
                    ("claim_id", claim.ClaimId), ("lease_until", claim.LeaseUntil.ToUnixTimeMilliseconds())];

            // One statement: a new token inserted, or one no longer live taken over (a done record past the lifetime,
            // or a pending one whose call has overrun its lease), and what held the token before. A racing claim of
            // a new token waits for the other's end, then inserts nothing; a racing takeover waits on the row and
            // re-checks the condition against what the other committed. Not an upsert: ON CONFLICT DO UPDATE locks
            // the row it finds even when it updates nothing, so every replay would write. What held the token is
            // read at the statement's snapshot: a claim that waited for a racing one may not see its row, and then
            // answers with a record already over, so the ledger asks again. A claim sent again after a lost
            // connection finds its own claim id, if the first sending committed, and is claimed.
            Add(batch,
                "WITH inserted AS (INSERT INTO idempotency_tokens (account, region, operation, token, request_hash, response, created_at, state, claim_id, lease_until) " +
                "VALUES (@account, @region, @operation, @token, @request_hash, '', @created_at, 'pending', @claim_id, @lease_until) " +
                "ON CONFLICT (account, region, operation, token) DO NOTHING RETURNING 1), " +
                "taken AS (UPDATE idempotency_tokens SET request_hash = @request_hash, response = '', created_at = @created_at, " +
                "state = 'pending', claim_id = @claim_id, lease_until = @lease_until " +
                "WHERE account = @account AND region = @region AND operation = @operation AND token = @token " +
                "AND ((state = 'done' AND created_at < @expired_before) OR (state = 'pending' AND lease_until <= @now)) RETURNING 1) " +
                "SELECT request_hash, state, response, created_at, lease_until, " +
                "EXISTS (SELECT 1 FROM inserted) OR EXISTS (SELECT 1 FROM taken) OR coalesce(claim_id = @claim_id, false) FROM (VALUES (1)) AS one (x) " +
                "LEFT JOIN idempotency_tokens ON account = @account AND region = @region AND operation = @operation AND token = @token;",
                [.. parameters, ("expired_before", claim.ExpiredBefore.ToUnixTimeMilliseconds()), ("now", claim.CreatedAt.ToUnixTimeMilliseconds())]);
            await using var reader = await batch.ExecuteReaderAsync(CancellationToken.None);
            while (reader.FieldCount == 1 && await reader.NextResultAsync(CancellationToken.None))
            {
            }

            await reader.ReadAsync(CancellationToken.None);
            return reader.GetBoolean(5) ? null
                : reader.IsDBNull(1) ? new IdempotencyRecord(key, "", TokenState.Pending, null, claim.CreatedAt, claim.CreatedAt)
                : RegistrationRows.ReadToken(reader, key);
        }, cancellationToken, resendable: true);

    public Task ReleaseTokenAsync(IdempotencyClaim claim, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            var key = claim.Key;
            await using var batch = UnflushedBatch(connection, transaction);
            var deleted = Add(batch,
                "DELETE FROM idempotency_tokens WHERE account = @account AND region = @region AND operation = @operation AND token = @token " +
                "AND state = 'pending' AND claim_id = @claim_id;",
                ("account", key.Scope.Account), ("region", key.Scope.Region), ("operation", key.Operation), ("token", key.Token),
                ("claim_id", claim.ClaimId));
            await batch.ExecuteNonQueryAsync();
            var released = deleted.Rows > 0;
            return (released, released);
        }, cancellationToken);

    public Task<int> PurgeTokensAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            // A claim older than the cutoff may still be running: it goes only once its lease is over too.
            // SKIP LOCKED: a row a request is using right now is left for the next sweep, never waited for.
            await using var batch = UnflushedBatch(connection, transaction);
            var purged = Add(batch,
                "DELETE FROM idempotency_tokens WHERE (account, region, operation, token) IN (" +
                "SELECT account, region, operation, token FROM idempotency_tokens " +
                "WHERE created_at < @before AND (state = 'done' OR lease_until < @before) LIMIT @limit FOR UPDATE SKIP LOCKED);",
                ("before", before.ToUnixTimeMilliseconds()), ("limit", limit));
            await batch.ExecuteNonQueryAsync();
            return ((int)purged.Rows, true);
        }, cancellationToken);

    public Task<byte[]> GetSecretAsync(CancellationToken cancellationToken) =>
        Task.FromResult(secret ?? throw new InvalidOperationException("The store is used before InitializeAsync."));

    public Task<StorageReadiness> CheckReadinessAsync(CancellationToken cancellationToken) => ReadAsync(async connection =>
    {
        await using var command = new NpgsqlCommand("SELECT version FROM schema_version;", connection);
        var version = await command.ExecuteScalarAsync(cancellationToken) is int held ? held : 0;
        return new StorageReadiness("postgres", version, PostgresMigrations.Latest);
    }, cancellationToken);

    /// <summary>
    /// The connection is gone or the server is not taking work (shut down, starting, in recovery): the
    /// database is unreachable rather than the request wrong.
    /// </summary>
    private static bool IsUnreachable(Exception exception) => exception switch
    {
        PostgresException postgres => postgres.SqlState.StartsWith("08", StringComparison.Ordinal) || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal),
        NpgsqlException => true,
        TimeoutException => true,
        _ => exception.InnerException is { } inner && IsUnreachable(inner),
    };

    /// <summary>
    /// Runs <paramref name="read"/> on a pooled connection. A pooled connection may have died while idle (the
    /// database restarted since it was last used): the read is tried once more on a new one before it fails.
    /// </summary>
    private Task<T> ReadAsync<T>(Func<NpgsqlConnection, Task<T>> read, CancellationToken cancellationToken) =>
        OnConnectionAsync(read, tryTwice: true, cancellationToken);

    /// <summary>
    /// Runs <paramref name="run"/> on a pooled connection; with <paramref name="tryTwice"/>, once more on a new one
    /// when the connection was found dead (it may have died idle).
    /// </summary>
    private async Task<T> OnConnectionAsync<T>(Func<NpgsqlConnection, Task<T>> run, bool tryTwice, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
                var result = await run(connection);
                health.Reached();
                return result;
            }
            catch (Exception e) when (IsUnreachable(e) && tryTwice && attempt == 1 && !cancellationToken.IsCancellationRequested)
            {
                dataSource.Clear();
            }
            catch (Exception e) when (IsUnreachable(e))
            {
                Unreachable(e);
                throw;
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="write"/> in one transaction, committed when it says its changes stand. The
    /// write itself is not cancelled when the caller leaves: it commits or rolls back whole either way.
    /// </summary>
    private Task<T> WriteAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<(T Result, bool Keep)>> write, CancellationToken cancellationToken)
    {
        return Run().WaitAsync(cancellationToken);

        async Task<T> Run()
        {
            for (var attempt = 1; ; attempt++)
            {
                var committing = false;
                try
                {
                    return await RunOnceAsync(() => committing = true);
                }
                catch (Exception e) when (IsUnreachable(e) && attempt == 1 && !committing)
                {
                    // Nothing was committed (the connection broke before COMMIT was sent, and PostgreSQL rolls
                    // back what a lost connection left open): the write is tried once more on a new connection,
                    // as a pooled connection may have died idle. A COMMIT that was sent is never repeated.
                    dataSource.Clear();
                }
                catch (Exception e) when (IsUnreachable(e))
                {
                    Unreachable(e);
                    throw;
                }
            }
        }

        async Task<T> RunOnceAsync(Action committing)
        {
            await using var connection = await dataSource.OpenConnectionAsync(CancellationToken.None);
            // Npgsql sends the BEGIN with the transaction's first statements, not in a round trip of its own.
            await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted);

            var (result, keep) = await write(connection, transaction);
            if (keep)
            {
                committing();
                await transaction.CommitAsync(CancellationToken.None);
            }
            else
            {
                await transaction.RollbackAsync(CancellationToken.None);
            }

            health.Reached();
            return result;
        }
    }

    /// <summary>
    /// A write whose last statement calls appflow_refuse when the write must not stand: its error rolls back all
    /// of the batch, and its message, returned here, says why. Null: committed.
    /// </summary>
    /// <remarks>
    /// Only the last statement refuses: PostgreSQL skips the statements after an error, and Npgsql takes one it
    /// was auto-preparing in that batch for prepared ("prepared statement "_auto6" does not exist" next time).
    /// </remarks>
    private Task<string?> CommitUnlessRefusedAsync(Action<NpgsqlBatch> build, CancellationToken cancellationToken) =>
        SendWithCommitAsync(async connection =>
        {
            await using var batch = new NpgsqlBatch(connection);
            build(batch);
            try
            {
                await batch.ExecuteNonQueryAsync(CancellationToken.None);
                return null;
            }
            catch (PostgresException e) when (e.SqlState == RefusedState)
            {
                return e.MessageText;
            }
        }, cancellationToken);

    /// <summary>
    /// Runs <paramref name="send"/>, whose batch carries its own commit, on a pooled connection: a write's
    /// statements and its commit in one round trip. A batch outside a transaction runs as one implicit
    /// transaction, which PostgreSQL commits when the batch ends, and Npgsql completes the call only on the
    /// ReadyForQuery that follows that commit, so a write that returned is flushed (synchronous_commit). Like
    /// <see cref="WriteAsync{T}"/>, it is not cancelled when the caller leaves.
    /// </summary>
    /// <remarks>
    /// The commit travels with the statements, so a connection lost after sending leaves the outcome unknown:
    /// unlike <see cref="WriteAsync{T}"/>, a write is sent again (once, on a new connection, as a pooled one may
    /// have died idle) only when <paramref name="resendable"/> says a second sending finds what the first did.
    /// A registration or an update is not; the read each makes first meets a dead connection and clears the pool.
    /// </remarks>
    private Task<T> SendWithCommitAsync<T>(Func<NpgsqlConnection, Task<T>> send, CancellationToken cancellationToken, bool resendable = false) =>
        OnConnectionAsync(send, tryTwice: resendable, CancellationToken.None).WaitAsync(cancellationToken);

    private void Unreachable(Exception exception)
    {
        health.Failed(exception);

        // Pooled connections opened before the outage are dead too: drop them now rather than have the
        // next requests after the database is back fail on them one by one.
        dataSource.Clear();
    }



    /// <summary>Turns this call's pending claim into the remembered outcome; false when the claim is no longer this call's.</summary>
    private static async Task<bool> CompleteTokenAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, TokenWrite write)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        var completed = CompleteToken(batch, write);
        await batch.ExecuteNonQueryAsync();
        return completed.Rows > 0;
    }

    /// <summary>
    /// Adds the statement that turns this call's pending claim into the remembered outcome: it affects no row when
    /// the claim is no longer this call's. The batch's later statements run either way; the write then rolls back.
    /// </summary>
    private static NpgsqlBatchCommand CompleteToken(NpgsqlBatch batch, TokenWrite write) =>
        Add(batch, CompleteTokenUpdate + ";", TokenParameters(write));

    private const string CompleteTokenUpdate =
        "UPDATE idempotency_tokens SET state = 'done', response = @response, claim_id = NULL, lease_until = NULL " +
        "WHERE account = @account AND region = @region AND operation = @operation AND token = @token " +
        "AND state = 'pending' AND claim_id = @claim_id";

    private static (string Name, object? Value)[] TokenParameters(TokenWrite write) =>
        [.. KeyParameters(write.Claim.Key), ("response", write.Response), ("claim_id", write.Claim.ClaimId)];

    /// <summary>A write's parameters and its token's, once each: a token's account and region are the write's.</summary>
    private static (string Name, object? Value)[] WithToken((string Name, object? Value)[] parameters, TokenWrite? token) =>
        token is null ? parameters : [.. parameters, .. TokenParameters(token).Where(t => !parameters.Any(p => p.Name == t.Name))];

    /// <summary>
    /// The statement that ends a write sent with its commit (<see cref="CommitUnlessRefusedAsync"/>): it runs
    /// <paramref name="ctes"/> and turns this call's token claim, if any, into the remembered outcome, then refuses
    /// the write when the claim is no longer this call's (TokenTaken, first) or when <paramref name="refusal"/>, an
    /// SQL expression, names a reason (null: none).
    /// </summary>
    private static string RefuseUnless(TokenWrite? token, string refusal, string? ctes = null)
    {
        var with = new List<string>();
        if (ctes is not null)
        {
            with.Add(ctes);
        }

        if (token is not null)
        {
            with.Add($"completed AS ({CompleteTokenUpdate} RETURNING 1)");
            refusal = $"CASE WHEN NOT EXISTS (SELECT 1 FROM completed) THEN '{nameof(StoreWriteOutcome.TokenTaken)}' ELSE {refusal} END";
        }

        return (with.Count == 0 ? "" : $"WITH {string.Join(", ", with)} ") +
            $"SELECT appflow_refuse(reason) FROM (SELECT {refusal} AS reason) AS outcome WHERE reason IS NOT NULL;";
    }

    private const string FindTokenQuery =
        "SELECT request_hash, state, response, created_at, lease_until FROM idempotency_tokens " +
        "WHERE account = @account AND region = @region AND operation = @operation AND token = @token;";

    private static (string Name, object? Value)[] KeyParameters(IdempotencyKey key) =>
        [("account", key.Scope.Account), ("region", key.Scope.Region), ("operation", key.Operation), ("token", key.Token)];

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(Parameter(name, value));
        }

        return command;
    }

    /// <summary>
    /// Adds a statement to <paramref name="batch"/>: a batch's statements travel in one round trip and run in order, each
    /// with a snapshot of its own (READ COMMITTED), so a statement sees what the ones before it did and waited for.
    /// </summary>
    private static NpgsqlBatchCommand Add(NpgsqlBatch batch, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(Parameter(name, value));
        }

        batch.BatchCommands.Add(command);
        return command;
    }

    /// <summary>
    /// A batch whose commit does not wait for the WAL flush (a clientToken's claim and release, pending secrets:
    /// losing one harms nothing), at no round trip of its own.
    /// </summary>
    private static NpgsqlBatch UnflushedBatch(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SET LOCAL synchronous_commit = off;"));
        return batch;
    }

    // Text-typed even when null, so PostgreSQL never has to guess a parameter's type.
    private static NpgsqlParameter Parameter(string name, object? value) =>
        value is null ? new NpgsqlParameter(name, NpgsqlTypes.NpgsqlDbType.Text) { Value = DBNull.Value } : new NpgsqlParameter(name, value);

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync();
    }

    private static string FirstLine(string message) => message.Split('\n')[0].TrimEnd('\r', '.');
}
