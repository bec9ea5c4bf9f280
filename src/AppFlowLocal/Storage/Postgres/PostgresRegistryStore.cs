using System.Globalization;
using System.Data;
using System.Security.Cryptography;
using System.Text.Json;
using AppFlowLocal.Registry;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AppFlowLocal.Storage.Postgres;

/// <summary>
/// The store for several nodes over one PostgreSQL database. Everything that must hold across nodes is
/// decided by the database inside each write's transaction: the clientToken first (its row is updated
/// only while this call's claim holds it), then, for an insert, the scope's counter row is locked, so
/// inserts and deletes in one account and region run one after another while every other scope goes on.
/// Transactions run at READ COMMITTED: each statement after that lock sees everything committed before
/// it was granted, which makes the label and quota checks exact; updates are compare-and-swap on
/// (registration id, revision), which PostgreSQL re-checks against the latest row when it waits. A
/// stricter level would add only serialization failures to retry. Commits are synchronous (the WAL is
/// flushed before a client hears of it), except a clientToken's claim and release, whose loss harms nothing.
/// </summary>
internal sealed class PostgresRegistryStore : IRegistryStore, IAsyncDisposable
{
    private readonly NpgsqlDataSource dataSource;
    private readonly DatabaseHealth health;
    private readonly TimeSpan startupTimeout;
    private byte[]? secret;

    private readonly RevisionCache? cache;

    public PostgresRegistryStore(IOptions<StorageOptions> options, DatabaseHealth health, RevisionCache? cache = null)
    {
        this.cache = cache;
        this.health = health;
        startupTimeout = options.Value.StartupTimeout;

        // Throws ArgumentException for a malformed string; start-up reports it without quoting it (it may hold a password).
        var builder = new NpgsqlConnectionStringBuilder(options.Value.ConnectionString);

        // A server configured with synchronous_commit=off would acknowledge registrations a crash can lose.
        builder.Options = $"-c synchronous_commit=on {builder.Options}".TrimEnd();

        // The same few statements run on every request: prepared on the server once per connection,
        // a read skips PostgreSQL's parse and plan. A connection string that sets these keeps its own.
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }
        Database = $"PostgreSQL database '{builder.Database ?? builder.Username}' on {builder.Host}:{builder.Port}";
        dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
    }

    /// <summary>The database as an operator names it, without credentials.</summary>
    public string Database { get; }

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

    public Task<ConnectorRegistration?> FindAsync(RegistryScope scope, string label, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            await using var command = Command(connection, null,
                $"SELECT {RegistrationRows.Columns} FROM connectors WHERE account = @account AND region = @region AND label = @label;",
                ("account", scope.Account), ("region", scope.Region), ("label", label));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? RegistrationRows.Read(reader, scope, cache) : null;
        }, cancellationToken);

    public Task<IReadOnlyList<ConnectorSummary>> ListAsync(RegistryScope scope, string? afterLabel, int limit, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            await using var command = Command(connection, null, RegistrationRows.ListQuery("@", afterLabel is not null),
                ("account", scope.Account), ("region", scope.Region), ("after", afterLabel), ("limit", limit));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await RegistrationRows.ReadSummariesAsync(reader, cache, cancellationToken);
        }, cancellationToken);

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
        ReadCountAsync(scope, "connectors", upTo, cancellationToken);

    public Task<StoreWriteOutcome> InsertAsync(ConnectorRegistration registration, int quota, TokenWrite? token, ConnectorHistoryEntry? history, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            // The token first: a retry whose first call already committed must replay, not meet its own label.
            if (token is not null && !await CompleteTokenAsync(connection, transaction, token))
            {
                return (StoreWriteOutcome.TokenTaken, false);
            }

            var scope = registration.Scope;
            await using (var exists = Command(connection, transaction,
                "SELECT 1 FROM connectors WHERE account = @account AND region = @region AND label = @label;",
                ("account", scope.Account), ("region", scope.Region), ("label", registration.Label)))
            {
                if (await exists.ExecuteScalarAsync() is not null)
                {
                    return (StoreWriteOutcome.LabelExists, false);
                }
            }

            try
            {
                await ExecuteAsync(connection, transaction,
                    "INSERT INTO connectors (account, region, label, registration_id, revision, arn, description, provisioning_type, lambda_arn, registered_at, registered_by, configuration) " +
                    "VALUES (@account, @region, @label, @registration_id, @revision, @arn, @description, @provisioning_type, @lambda_arn, @registered_at, @registered_by, @configuration);",
                    RegistrationRows.Parameters(registration, ""));
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                // The same label's insert committed while this one checked: the transaction is aborted and rolls back.
                return (StoreWriteOutcome.LabelExists, false);
            }

            await AppendHistoryAsync(connection, transaction, scope, registration.Label, registration.Id, registration.Revision, history);

            // The account's counter row, last: every registration and unregister in the account queues on its
            // lock, so it is held for this statement and the commit rather than the whole transaction (bench/:
            // locked first, registrations at 32 clients waited 270 ms at p99). Counted only within the quota.
            await using var counted = Command(connection, transaction,
                "INSERT INTO scope_counts (account, region, connectors, profiles) VALUES (@account, @region, 1, 0) " +
                "ON CONFLICT (account, region) DO UPDATE SET connectors = scope_counts.connectors + 1 WHERE scope_counts.connectors < @quota " +
                "RETURNING connectors;",
                ("account", scope.Account), ("region", scope.Region), ("quota", quota));
            return await counted.ExecuteScalarAsync() is null ? (StoreWriteOutcome.QuotaExceeded, false) : (StoreWriteOutcome.Written, true);
        }, durable: true, cancellationToken);

    public Task<StoreWriteOutcome> ReplaceAsync(ConnectorRegistration registration, TokenWrite? token, ConnectorHistoryEntry? history, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            if (token is not null && !await CompleteTokenAsync(connection, transaction, token))
            {
                return (StoreWriteOutcome.TokenTaken, false);
            }

            // Compare-and-swap: a concurrent update makes this one wait for it, then re-check the revision.
            var changed = await ExecuteAsync(connection, transaction,
                "UPDATE connectors SET description = @description, lambda_arn = @lambda_arn, configuration = @configuration, revision = revision + 1 " +
                "WHERE account = @account AND region = @region AND label = @label AND registration_id = @registration_id AND revision = @revision;",
                RegistrationRows.Parameters(registration, ""));
            if (changed == 1)
            {
                await AppendHistoryAsync(connection, transaction, registration.Scope, registration.Label, registration.Id, registration.Revision + 1, history);
                return (StoreWriteOutcome.Written, true);
            }

            var scope = registration.Scope;
            await using var exists = Command(connection, transaction,
                "SELECT 1 FROM connectors WHERE account = @account AND region = @region AND label = @label;",
                ("account", scope.Account), ("region", scope.Region), ("label", registration.Label));
            return (await exists.ExecuteScalarAsync() is null ? StoreWriteOutcome.NotFound : StoreWriteOutcome.Stale, false);
        }, durable: true, cancellationToken);

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

            await ExecuteAsync(connection, transaction,
                "UPDATE scope_counts SET connectors = connectors - 1, profiles = profiles - @profiles WHERE account = @account AND region = @region;",
                ("account", scope.Account), ("region", scope.Region), ("profiles", profiles));
            await AppendHistoryAsync(connection, transaction, scope, label, id, revision + 1, history);
            return (StoreWriteOutcome.Written, true);
        }, durable: true, cancellationToken);

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
        }, durable: true, cancellationToken);

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

            var changed = await ExecuteAsync(connection, transaction, string.Format(CultureInfo.InvariantCulture, ConnectorProfileRows.Update, "@"),
                ConnectorProfileRows.Parameters(profile, ""));
            return changed == 1 ? (StoreWriteOutcome.Written, true) : (StoreWriteOutcome.NotFound, false);
        }, durable: true, cancellationToken);

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
        }, durable: true, cancellationToken);

    public Task<int> CountProfilesAsync(RegistryScope scope, int upTo, CancellationToken cancellationToken) =>
        ReadCountAsync(scope, "profiles", upTo, cancellationToken);

    // A hold is gone once its validation ends: losing one in a crash costs nothing, so these commit asynchronously.
    public Task HoldPendingSecretAsync(PendingSecret secret, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            await ExecuteAsync(connection, transaction, "DELETE FROM pending_secrets WHERE expires_at <= @now;",
                ("now", secret.CreatedAt.ToUnixTimeMilliseconds()));
            await ExecuteAsync(connection, transaction, string.Format(CultureInfo.InvariantCulture, ConnectorProfileRows.InsertPendingSecret, "@"),
                ConnectorProfileRows.PendingSecretParameters(secret, ""));
            return (true, true);
        }, durable: false, cancellationToken);

    public Task ReleasePendingSecretAsync(string holdId, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            var released = await ExecuteAsync(connection, transaction, "DELETE FROM pending_secrets WHERE hold_id = @hold_id;", ("hold_id", holdId)) > 0;
            return (released, released);
        }, durable: false, cancellationToken);

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
    /// (connectors or profiles): from here on no other insert or delete in this scope can commit until this
    /// transaction ends, on any node. Every write that changes a count takes this lock first, so the lock
    /// order is the same everywhere and leaves no deadlock.
    /// </summary>
    private static async Task<int> LockScopeCountsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, RegistryScope scope, string counter)
    {
        await using var command = Command(connection, transaction,
            "INSERT INTO scope_counts (account, region, connectors, profiles) VALUES (@account, @region, 0, 0) " +
            $"ON CONFLICT (account, region) DO UPDATE SET {counter} = scope_counts.{counter} RETURNING {counter};",
            ("account", scope.Account), ("region", scope.Region));
        return (int)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The scope's counter: one row however many registrations or profiles the scope holds.</summary>
    private Task<int> ReadCountAsync(RegistryScope scope, string counter, int upTo, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            await using var command = Command(connection, null,
                $"SELECT {counter} FROM scope_counts WHERE account = @account AND region = @region;",
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
        ReadAsync(connection => FindTokenAsync(connection, null, key, cancellationToken), cancellationToken);

    public Task<IdempotencyRecord?> ClaimTokenAsync(IdempotencyClaim claim, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            // Taken over only when nothing live holds it: a done record past the lifetime, or a pending one
            // whose call has overrun its lease. A racing claim waits on the row and re-checks this condition.
            var key = claim.Key;
            var claimed = await ExecuteAsync(connection, transaction,
                "INSERT INTO idempotency_tokens (account, region, operation, token, request_hash, response, created_at, state, claim_id, lease_until) " +
                "VALUES (@account, @region, @operation, @token, @request_hash, '', @created_at, 'pending', @claim_id, @lease_until) " +
                "ON CONFLICT (account, region, operation, token) DO UPDATE SET " +
                "request_hash = excluded.request_hash, response = excluded.response, created_at = excluded.created_at, " +
                "state = excluded.state, claim_id = excluded.claim_id, lease_until = excluded.lease_until " +
                "WHERE (idempotency_tokens.state = 'done' AND idempotency_tokens.created_at < @expired_before) " +
                "OR (idempotency_tokens.state = 'pending' AND idempotency_tokens.lease_until <= @now);",
                ("account", key.Scope.Account), ("region", key.Scope.Region), ("operation", key.Operation), ("token", key.Token),
                ("request_hash", claim.RequestHash), ("created_at", claim.CreatedAt.ToUnixTimeMilliseconds()), ("claim_id", claim.ClaimId),
                ("lease_until", claim.LeaseUntil.ToUnixTimeMilliseconds()), ("expired_before", claim.ExpiredBefore.ToUnixTimeMilliseconds()),
                ("now", claim.CreatedAt.ToUnixTimeMilliseconds())) > 0;
            return claimed
                ? ((IdempotencyRecord?)null, true)
                : (await FindTokenAsync(connection, transaction, key, CancellationToken.None), false);
        }, durable: false, cancellationToken);

    public Task ReleaseTokenAsync(IdempotencyClaim claim, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            var key = claim.Key;
            var released = await ExecuteAsync(connection, transaction,
                "DELETE FROM idempotency_tokens WHERE account = @account AND region = @region AND operation = @operation AND token = @token " +
                "AND state = 'pending' AND claim_id = @claim_id;",
                ("account", key.Scope.Account), ("region", key.Scope.Region), ("operation", key.Operation), ("token", key.Token),
                ("claim_id", claim.ClaimId)) > 0;
            return (released, released);
        }, durable: false, cancellationToken);

    public Task<int> PurgeTokensAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            // A claim older than the cutoff may still be running: it goes only once its lease is over too.
            // SKIP LOCKED: a row a request is using right now is left for the next sweep, never waited for.
            var purged = await ExecuteAsync(connection, transaction,
                "DELETE FROM idempotency_tokens WHERE (account, region, operation, token) IN (" +
                "SELECT account, region, operation, token FROM idempotency_tokens " +
                "WHERE created_at < @before AND (state = 'done' OR lease_until < @before) LIMIT @limit FOR UPDATE SKIP LOCKED);",
                ("before", before.ToUnixTimeMilliseconds()), ("limit", limit));
            return (purged, true);
        }, durable: false, cancellationToken);

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
    private async Task<T> ReadAsync<T>(Func<NpgsqlConnection, Task<T>> read, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
                var result = await read(connection);
                health.Reached();
                return result;
            }
            catch (Exception e) when (IsUnreachable(e) && attempt == 1 && !cancellationToken.IsCancellationRequested)
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
    private Task<T> WriteAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<(T Result, bool Keep)>> write, bool durable, CancellationToken cancellationToken)
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
            await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted);
            if (!durable)
            {
                await ExecuteAsync(connection, transaction, "SET LOCAL synchronous_commit = off;");
            }

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
        var key = write.Claim.Key;
        return await ExecuteAsync(connection, transaction,
            "UPDATE idempotency_tokens SET state = 'done', response = @response, claim_id = NULL, lease_until = NULL " +
            "WHERE account = @account AND region = @region AND operation = @operation AND token = @token " +
            "AND state = 'pending' AND claim_id = @claim_id;",
            ("account", key.Scope.Account), ("region", key.Scope.Region), ("operation", key.Operation), ("token", key.Token),
            ("response", write.Response), ("claim_id", write.Claim.ClaimId)) > 0;
    }

    private static async Task<IdempotencyRecord?> FindTokenAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, IdempotencyKey key, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction,
            "SELECT request_hash, state, response, created_at, lease_until FROM idempotency_tokens " +
            "WHERE account = @account AND region = @region AND operation = @operation AND token = @token;",
            ("account", key.Scope.Account), ("region", key.Scope.Region), ("operation", key.Operation), ("token", key.Token));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return RegistrationRows.ReadToken(reader, key);
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            // Text-typed even when null, so PostgreSQL never has to guess a parameter's type.
            command.Parameters.Add(value is null ? new NpgsqlParameter(name, NpgsqlTypes.NpgsqlDbType.Text) { Value = DBNull.Value } : new NpgsqlParameter(name, value));
        }

        return command;
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync();
    }

    private static string FirstLine(string message) => message.Split('\n')[0].TrimEnd('\r', '.');
}
