using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using AppFlowLocal.Model;
using AppFlowLocal.Registry;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace AppFlowLocal.Storage.Sqlite;

/// <summary>
/// The embedded store. WAL journal with synchronous=FULL: a commit has reached the disk before the
/// client hears about it, and readers never wait for the writer. Writes take the write lock up front
/// (BEGIN IMMEDIATE), in batches (<see cref="SqliteGroupCommit"/>), so check-then-write sequences
/// (label free, quota, token) cannot interleave.
/// </summary>
internal sealed class SqliteRegistryStore : IRegistryStore, IAsyncDisposable
{
    private readonly string connectionString;

    // SQLite lets one writer in at a time and makes the others poll with sleeps; queueing writers
    // in-process and committing them in groups is fairer and needs one fsync per batch (bench/).
    private readonly SqliteGroupCommit writes;
    private byte[]? secret;

    private readonly RevisionCache? cache;
    private readonly SqliteReadConnections readers;

    // Open from initialisation to disposal: it keeps the WAL index the watch maps in use (SqliteCommitWatch.Open).
    private SqliteConnection? watchKeeper;
    private SqliteCommitWatch? watch;
    private RecentReads<SqliteCommitWatch.CommitMark>? recent;

    // The file the connections write to, checked before each batch of writes is acknowledged and by the health check.
    private SqliteOpenedFile? opened;

    public SqliteRegistryStore(IOptions<StorageOptions> options, RevisionCache? cache = null)
    {
        this.cache = cache;
        var configured = options.Value.ConnectionString;
        var builder = new SqliteConnectionStringBuilder(configured.Contains('=', StringComparison.Ordinal) ? configured : $"Data Source={configured}")
        {
            Pooling = true,
            DefaultTimeout = 30,
        };

        // A file is made by SqliteDatabaseFile.EnsureUsable before anything opens it; a connection opened
        // after the file was removed must fail, not make an empty database at the path.
        builder.Mode = SqliteCommitWatch.HasFile(builder.DataSource) ? SqliteOpenMode.ReadWrite : SqliteOpenMode.ReadWriteCreate;
        connectionString = builder.ToString();
        DataSource = builder.DataSource;
        readers = new SqliteReadConnections(connectionString);
        writes = new SqliteGroupCommit(OpenForWritingAsync, EnsureFileInPlace);
    }

    public string DataSource { get; }

    /// <summary>Lets the writes already queued commit before the process exits.</summary>
    public async ValueTask DisposeAsync()
    {
        await writes.DisposeAsync();
        readers.Dispose();
        var watched = watch;
        (recent, watch) = (null, null);
        watched?.Dispose();
        if (watchKeeper is not null)
        {
            await watchKeeper.DisposeAsync();
        }

        // Last: closing its descriptor drops this process's locks on the file (SqliteOpenedFile).
        opened?.Dispose();
    }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        // Also creates the database's folder.
        SqliteDatabaseFile.EnsureUsable(DataSource);

        await using var connection = await OpenForWritingAsync(cancellationToken);

        // Before anything writes: switching the journal mode already changes the file's header.
        await SqliteMigrations.RefuseNewerAsync(connection, cancellationToken);
        await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL;", cancellationToken);
        await SqliteMigrations.ApplyAsync(connection, cancellationToken);

        // The first node over a new database creates the secret; every node reads the one that won.
        await ExecuteAsync(connection, null, "INSERT OR IGNORE INTO server_secrets (name, value) VALUES ('page-token', $value);",
            cancellationToken, ("$value", RandomNumberGenerator.GetBytes(32)));
        await using var command = Command(connection, null, "SELECT value FROM server_secrets WHERE name = 'page-token';");
        secret = (byte[])(await command.ExecuteScalarAsync(cancellationToken))!;

        // Copies the secret's page into the file (a new database has it only in the WAL), where
        // SqliteOpenedFile looks for it; a checkpoint a reader holds back ends early, and is taken up later.
        await ExecuteAsync(connection, null, "PRAGMA wal_checkpoint(PASSIVE);", cancellationToken);
        await WatchCommitsAsync(cancellationToken);
        opened = await SqliteOpenedFile.NoteAsync(DataSource, connection, secret, cancellationToken);
    }

    /// <summary>Throws unless the path still holds the file the connections write to: what they commit otherwise is lost at the next start.</summary>
    private void EnsureFileInPlace()
    {
        if (opened?.Change() is { } change)
        {
            throw new DatabaseFileChangedException(opened.Path, change);
        }
    }

    private async Task WatchCommitsAsync(CancellationToken cancellationToken)
    {
        if (!SqliteCommitWatch.HasFile(DataSource))
        {
            return;
        }

        watchKeeper = await OpenAsync(cancellationToken);
        await using (var read = Command(watchKeeper, null, "SELECT count(*) FROM server_secrets;"))
        {
            // A connection maps the WAL index, and takes its "in use" lock, at its first read.
            await read.ExecuteScalarAsync(cancellationToken);
        }

        watch = SqliteCommitWatch.Open(DataSource);
        recent = watch is null ? null : new RecentReads<SqliteCommitWatch.CommitMark>(watch.Look);
    }

    public Task<ConnectorRegistration?> FindAsync(RegistryScope scope, string label, CancellationToken cancellationToken)
    {
        var key = new RecentReads.ReadKey(Listing: false, scope, label, 0);
        var mark = watch?.Look();
        return recent is not null && recent.TryGet(mark, key, out var kept)
            ? Task.FromResult((ConnectorRegistration?)kept)
            : FindStoredAsync(key, mark, cancellationToken);
    }

    private async Task<ConnectorRegistration?> FindStoredAsync(RecentReads.ReadKey key, SqliteCommitWatch.CommitMark? mark, CancellationToken cancellationToken)
    {
        var found = await ReadAsync(async lease =>
        {
            var command = lease.Command(
                $"SELECT {RegistrationRows.Columns} FROM connectors WHERE account = $account AND region = $region AND label = $label;",
                ("$account", key.Scope.Account), ("$region", key.Scope.Region), ("$label", key.Label));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? RegistrationRows.Read(reader, key.Scope, cache) : null;
        }, cancellationToken);
        recent?.Keep(mark, key, found);
        return found;
    }

    public Task<IReadOnlyList<ConnectorSummary>> ListAsync(RegistryScope scope, string? afterLabel, int limit, CancellationToken cancellationToken)
    {
        var key = new RecentReads.ReadKey(Listing: true, scope, afterLabel, limit);
        var mark = watch?.Look();
        return recent is not null && recent.TryGet(mark, key, out var kept)
            ? Task.FromResult((IReadOnlyList<ConnectorSummary>)kept!)
            : ListStoredAsync(key, mark, cancellationToken);
    }

    private async Task<IReadOnlyList<ConnectorSummary>> ListStoredAsync(RecentReads.ReadKey key, SqliteCommitWatch.CommitMark? mark, CancellationToken cancellationToken)
    {
        var page = await ReadAsync(async lease =>
        {
            var command = lease.Command(RegistrationRows.ListQuery("$", key.Label is not null),
                ("$account", key.Scope.Account), ("$region", key.Scope.Region), ("$after", key.Label), ("$limit", key.Limit));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await RegistrationRows.ReadSummariesAsync(reader, cache, cancellationToken);
        }, cancellationToken);
        return recent is null ? page : recent.KeepPage(mark, key, page);
    }

    public async Task<IReadOnlyList<ScopeSummary>> ListScopesAsync(string? account, CancellationToken cancellationToken)
    {
        // Served by the connectors_scope index without reading a row's configuration.
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null,
            "SELECT account, region, count(*) FROM connectors " + (account is null ? "" : "WHERE account = $account ") + "GROUP BY account, region;",
            ("$account", account));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var scopes = new List<ScopeSummary>();
        while (await reader.ReadAsync(cancellationToken))
        {
            scopes.Add(new ScopeSummary(new RegistryScope(reader.GetString(0), reader.GetString(1)), reader.GetInt32(2)));
        }

        return RegistrationRows.OrderScopes(scopes);
    }

    public Task<int> CountAsync(RegistryScope scope, int upTo, CancellationToken cancellationToken) =>
        ReadAsync(lease => CountOfAsync(lease.Command(CountQuery, ("$account", scope.Account), ("$region", scope.Region)), cancellationToken), cancellationToken);

    public Task<StoreWriteOutcome> InsertAsync(ConnectorRegistration registration, int quota, TokenWrite? token, ConnectorHistoryEntry? history, CancellationToken cancellationToken) =>
        writes.WriteAsync(async (connection, transaction) =>
        {
            // The token first: a retry whose first call already committed must replay, not meet its own label.
            if (token is not null && !await CompleteTokenAsync(connection, transaction, token))
            {
                return (StoreWriteOutcome.TokenTaken, false);
            }

            var scope = registration.Scope;
            await using (var exists = Command(connection, transaction,
                "SELECT 1 FROM connectors WHERE account = $account AND region = $region AND label = $label;",
                ("$account", scope.Account), ("$region", scope.Region), ("$label", registration.Label)))
            {
                if (await exists.ExecuteScalarAsync() is not null)
                {
                    return (StoreWriteOutcome.LabelExists, false);
                }
            }

            if (await CountAsync(connection, transaction, scope, CancellationToken.None) >= quota)
            {
                return (StoreWriteOutcome.QuotaExceeded, false);
            }

            await ExecuteAsync(connection, transaction,
                "INSERT INTO connectors (account, region, label, registration_id, revision, arn, description, provisioning_type, lambda_arn, registered_at, registered_by, configuration) " +
                "VALUES ($account, $region, $label, $registration_id, $revision, $arn, $description, $provisioning_type, $lambda_arn, $registered_at, $registered_by, $configuration);",
                CancellationToken.None, RegistrationRows.Parameters(registration, "$"));
            await AppendHistoryAsync(connection, transaction, registration.Scope, registration.Label, registration.Id, registration.Revision, history);
            return (StoreWriteOutcome.Written, true);
        }).WaitAsync(cancellationToken);

    public Task<StoreWriteOutcome> ReplaceAsync(ConnectorRegistration registration, TokenWrite? token, ConnectorHistoryEntry? history, CancellationToken cancellationToken) =>
        writes.WriteAsync(async (connection, transaction) =>
        {
            if (token is not null && !await CompleteTokenAsync(connection, transaction, token))
            {
                return (StoreWriteOutcome.TokenTaken, false);
            }

            // Compare-and-swap: only over the registration and revision that were read.
            var changed = await ExecuteAsync(connection, transaction,
                "UPDATE connectors SET description = $description, lambda_arn = $lambda_arn, configuration = $configuration, revision = revision + 1 " +
                "WHERE account = $account AND region = $region AND label = $label AND registration_id = $registration_id AND revision = $revision;",
                CancellationToken.None, RegistrationRows.Parameters(registration, "$"));
            if (changed == 1)
            {
                await AppendHistoryAsync(connection, transaction, registration.Scope, registration.Label, registration.Id, registration.Revision + 1, history);
                return (StoreWriteOutcome.Written, true);
            }

            var scope = registration.Scope;
            await using var exists = Command(connection, transaction,
                "SELECT 1 FROM connectors WHERE account = $account AND region = $region AND label = $label;",
                ("$account", scope.Account), ("$region", scope.Region), ("$label", registration.Label));
            return (await exists.ExecuteScalarAsync() is null ? StoreWriteOutcome.NotFound : StoreWriteOutcome.Stale, false);
        }).WaitAsync(cancellationToken);

    public Task<StoreWriteOutcome> DeleteAsync(RegistryScope scope, string label, bool force, ConnectorHistoryEntry? history, CancellationToken cancellationToken) =>
        writes.WriteAsync(async (connection, transaction) =>
        {
            (string, object?)[] key = [("$account", scope.Account), ("$region", scope.Region), ("$label", label)];
            string id;
            long revision;
            await using (var delete = Command(connection, transaction,
                "DELETE FROM connectors WHERE account = $account AND region = $region AND label = $label RETURNING registration_id, revision;", key))
            {
                await using var reader = await delete.ExecuteReaderAsync();
                if (!await reader.ReadAsync())
                {
                    return (StoreWriteOutcome.NotFound, false);
                }

                (id, revision) = (reader.GetString(0), reader.GetInt64(1));
            }

            // Inside the write lock: no profile can be created for the label between this check and the commit.
            var profiles = await ExecuteAsync(connection, transaction,
                "DELETE FROM connector_profiles WHERE account = $account AND region = $region AND label = $label;", CancellationToken.None, key);
            if (profiles > 0 && !force)
            {
                return (StoreWriteOutcome.InUse, false);
            }

            await AppendHistoryAsync(connection, transaction, scope, label, id, revision + 1, history);
            return (StoreWriteOutcome.Written, true);
        }).WaitAsync(cancellationToken);

    public Task<StoreWriteOutcome> InsertProfileAsync(ConnectorProfileRecord profile, string registrationId, int quota, TokenWrite? token, CancellationToken cancellationToken) =>
        writes.WriteAsync(async (connection, transaction) =>
        {
            if (token is not null && !await CompleteTokenAsync(connection, transaction, token))
            {
                return (StoreWriteOutcome.TokenTaken, false);
            }

            var scope = profile.Scope;
            await using var check = Command(connection, transaction, ConnectorProfileRows.InsertChecks("$", ""), ConnectorProfileRows.Parameters(profile, "$"));
            if (await ConnectorProfileRows.RefusalAsync(check, registrationId) is { } refusal)
            {
                return (refusal, false);
            }

            // Inside the write lock: no other profile of the scope can commit between this count and the insert.
            if (await CountProfilesAsync(connection, transaction, scope, quota, CancellationToken.None) >= quota)
            {
                return (StoreWriteOutcome.QuotaExceeded, false);
            }

            await ExecuteAsync(connection, transaction,
                string.Format(CultureInfo.InvariantCulture, ConnectorProfileRows.Insert, "$") + ";",
                CancellationToken.None, ConnectorProfileRows.Parameters(profile, "$"));
            return (StoreWriteOutcome.Written, true);
        }).WaitAsync(cancellationToken);

    public async Task<int> CountProfilesAsync(RegistryScope scope, int upTo, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await CountProfilesAsync(connection, null, scope, upTo, cancellationToken);
    }

    // A hold is gone once its validation ends: losing one in a power cut costs nothing, so no fsync of its own.
    public Task HoldPendingSecretAsync(PendingSecret secret, CancellationToken cancellationToken) =>
        writes.WriteAsync(async (connection, transaction) =>
        {
            await ExecuteAsync(connection, transaction, "DELETE FROM pending_secrets WHERE expires_at <= $now;", CancellationToken.None,
                ("$now", secret.CreatedAt.ToUnixTimeMilliseconds()));
            await ExecuteAsync(connection, transaction, string.Format(CultureInfo.InvariantCulture, ConnectorProfileRows.InsertPendingSecret, "$"),
                CancellationToken.None, ConnectorProfileRows.PendingSecretParameters(secret, "$"));
            return (true, true);
        }, durable: false).WaitAsync(cancellationToken);

    public Task ReleasePendingSecretAsync(string holdId, CancellationToken cancellationToken) =>
        writes.WriteAsync(async (connection, transaction) =>
        {
            var released = await ExecuteAsync(connection, transaction, "DELETE FROM pending_secrets WHERE hold_id = $hold_id;", CancellationToken.None,
                ("$hold_id", holdId)) > 0;
            return (released, released);
        }, durable: false).WaitAsync(cancellationToken);

    public async Task<PendingSecret?> FindPendingSecretAsync(RegistryScope scope, string credentialsArn, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, string.Format(CultureInfo.InvariantCulture, ConnectorProfileRows.FindPendingSecret, "$"),
            ("$arn", credentialsArn), ("$account", scope.Account), ("$region", scope.Region), ("$now", now.ToUnixTimeMilliseconds()));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ConnectorProfileRows.ReadPendingSecret(reader, scope, credentialsArn) : null;
    }

    public async Task<IReadOnlyList<ConnectorProfileRecord>> ListProfilesAsync(
        RegistryScope scope, string? label, IReadOnlyCollection<string>? names, string? afterName, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var parameters = new List<(string, object?)> { ("$account", scope.Account), ("$region", scope.Region), ("$label", label), ("$after", afterName), ("$limit", limit) };
        var named = "";
        if (names is not null)
        {
            var placeholders = names.Select((name, index) => (Name: $"$n{index.ToString(CultureInfo.InvariantCulture)}", Value: name)).ToList();
            parameters.AddRange(placeholders.Select(p => (p.Name, (object?)p.Value)));
            named = placeholders.Count == 0 ? "AND 0 " : $"AND name IN ({string.Join(", ", placeholders.Select(p => p.Name))}) ";
        }

        await using var command = Command(connection, null,
            $"SELECT {ConnectorProfileRows.Columns} FROM connector_profiles WHERE account = $account AND region = $region " +
            (label is null ? "" : "AND label = $label ") + named +
            (afterName is null ? "" : "AND name > $after ") +
            "ORDER BY name LIMIT $limit;",
            [.. parameters]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<ConnectorProfileRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(ConnectorProfileRows.Read(reader, scope));
        }

        return rows;
    }

    public Task<StoreWriteOutcome> UpdateProfileAsync(ConnectorProfileRecord profile, TokenWrite? token, CancellationToken cancellationToken) =>
        writes.WriteAsync(async (connection, transaction) =>
        {
            if (token is not null && !await CompleteTokenAsync(connection, transaction, token))
            {
                return (StoreWriteOutcome.TokenTaken, false);
            }

            var changed = await ExecuteAsync(connection, transaction, string.Format(CultureInfo.InvariantCulture, ConnectorProfileRows.Update, "$"),
                CancellationToken.None, ConnectorProfileRows.Parameters(profile, "$"));
            if (changed == 1)
            {
                return (StoreWriteOutcome.Written, true);
            }

            await using var exists = Command(connection, transaction, string.Format(CultureInfo.InvariantCulture, ConnectorProfileRows.Exists, "$"),
                ("$account", profile.Scope.Account), ("$region", profile.Scope.Region), ("$name", profile.Name));
            return (await exists.ExecuteScalarAsync() is null ? StoreWriteOutcome.NotFound : StoreWriteOutcome.Stale, false);
        }).WaitAsync(cancellationToken);

    public async Task<ConnectorProfileRecord?> FindProfileBySecretAsync(RegistryScope scope, string credentialsArn, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null,
            $"SELECT {ConnectorProfileRows.Columns} FROM connector_profiles WHERE credentials_arn = $arn AND account = $account AND region = $region;",
            ("$arn", credentialsArn), ("$account", scope.Account), ("$region", scope.Region));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ConnectorProfileRows.Read(reader, scope) : null;
    }

    public Task<bool> DeleteProfileAsync(RegistryScope scope, string name, CancellationToken cancellationToken) =>
        writes.WriteAsync(async (connection, transaction) =>
        {
            var deleted = await ExecuteAsync(connection, transaction,
                "DELETE FROM connector_profiles WHERE account = $account AND region = $region AND name = $name;",
                CancellationToken.None, ("$account", scope.Account), ("$region", scope.Region), ("$name", name)) > 0;
            return (deleted, deleted);
        }).WaitAsync(cancellationToken);

    public async Task<IReadOnlyList<ConnectorHistoryEntry>> ListHistoryAsync(RegistryScope scope, string label, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null,
            $"SELECT {HistoryRows.Columns} FROM connector_history " +
            "WHERE account = $account AND region = $region AND label = $label AND registration_id = (" +
            "SELECT registration_id FROM connector_history WHERE account = $account AND region = $region AND label = $label ORDER BY entry_id DESC LIMIT 1) " +
            "ORDER BY sequence DESC;",
            ("$account", scope.Account), ("$region", scope.Region), ("$label", label));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<ConnectorHistoryEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(HistoryRows.Read(reader));
        }

        return entries;
    }

    /// <summary>Appends the entry and drops the registration's entries beyond its limit, in the change's own transaction.</summary>
    private static async Task AppendHistoryAsync(SqliteConnection connection, SqliteTransaction transaction, RegistryScope scope, string label,
        string registrationId, long sequence, ConnectorHistoryEntry? history)
    {
        if (history is null)
        {
            return;
        }

        await ExecuteAsync(connection, transaction,
            $"INSERT INTO connector_history ({HistoryRows.InsertColumns}) VALUES ({HistoryRows.Placeholders("$")});",
            CancellationToken.None, HistoryRows.Values("$", scope, label, registrationId, sequence, history));
        await ExecuteAsync(connection, transaction,
            "DELETE FROM connector_history WHERE registration_id = $registration_id AND sequence <= $oldest_dropped;",
            CancellationToken.None, ("$registration_id", registrationId), ("$oldest_dropped", sequence - history.KeepLast));
    }

    public Task<IdempotencyRecord?> FindTokenAsync(IdempotencyKey key, CancellationToken cancellationToken) =>
        ReadAsync(async lease =>
        {
            // A replayed call's only read: the same statement as inside a write, prepared once per connection.
            var command = lease.Command(TokenQuery, TokenParameters(key));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? RegistrationRows.ReadToken(reader, key) : null;
        }, cancellationToken);

    public Task<IdempotencyRecord?> ClaimTokenAsync(IdempotencyClaim claim, CancellationToken cancellationToken) =>
        writes.WriteAsync(async (connection, transaction) =>
        {
            // Not durable: a claim lost in a power cut belonged to a call that died unacknowledged with it.
            // Taken over only when nothing live holds it: a done record past the lifetime, or a pending
            // one whose call has overrun its lease (its node crashed, or it is stuck).
            var key = claim.Key;
            var claimed = await ExecuteAsync(connection, transaction,
                "INSERT INTO idempotency_tokens (account, region, operation, token, request_hash, response, created_at, state, claim_id, lease_until) " +
                "VALUES ($account, $region, $operation, $token, $request_hash, '', $created_at, 'pending', $claim_id, $lease_until) " +
                "ON CONFLICT (account, region, operation, token) DO UPDATE SET " +
                "request_hash = excluded.request_hash, response = excluded.response, created_at = excluded.created_at, " +
                "state = excluded.state, claim_id = excluded.claim_id, lease_until = excluded.lease_until " +
                "WHERE (idempotency_tokens.state = 'done' AND idempotency_tokens.created_at < $expired_before) " +
                "OR (idempotency_tokens.state = 'pending' AND idempotency_tokens.lease_until <= $now);",
                CancellationToken.None,
                ("$account", key.Scope.Account), ("$region", key.Scope.Region), ("$operation", key.Operation), ("$token", key.Token),
                ("$request_hash", claim.RequestHash), ("$created_at", claim.CreatedAt.ToUnixTimeMilliseconds()), ("$claim_id", claim.ClaimId),
                ("$lease_until", claim.LeaseUntil.ToUnixTimeMilliseconds()), ("$expired_before", claim.ExpiredBefore.ToUnixTimeMilliseconds()),
                ("$now", claim.CreatedAt.ToUnixTimeMilliseconds())) > 0;
            return claimed
                ? ((IdempotencyRecord?)null, true)
                : (await FindTokenAsync(connection, transaction, key, CancellationToken.None), false);
        }, durable: false).WaitAsync(cancellationToken);

    public Task ReleaseTokenAsync(IdempotencyClaim claim, CancellationToken cancellationToken) =>
        writes.WriteAsync(async (connection, transaction) =>
        {
            var key = claim.Key;
            var released = await ExecuteAsync(connection, transaction,
                "DELETE FROM idempotency_tokens WHERE account = $account AND region = $region AND operation = $operation AND token = $token " +
                "AND state = 'pending' AND claim_id = $claim_id;",
                CancellationToken.None,
                ("$account", key.Scope.Account), ("$region", key.Scope.Region), ("$operation", key.Operation), ("$token", key.Token),
                ("$claim_id", claim.ClaimId)) > 0;
            return (released, released);
        }, durable: false).WaitAsync(cancellationToken);

    public Task<int> PurgeTokensAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken) =>
        writes.WriteAsync(async (connection, transaction) =>
        {
            // A claim older than the lifetime may still be running (a lifetime can be shorter than a lease):
            // it goes only once its lease is over too, or its call would find its token gone and run again.
            var purged = await ExecuteAsync(connection, transaction,
                "DELETE FROM idempotency_tokens WHERE (account, region, operation, token) IN (" +
                "SELECT account, region, operation, token FROM idempotency_tokens INDEXED BY idempotency_tokens_created_at " +
                "WHERE created_at < $before AND (state = 'done' OR lease_until < $before) LIMIT $limit);",
                CancellationToken.None, ("$before", before.ToUnixTimeMilliseconds()), ("$limit", limit));
            return (purged, true);
        }).WaitAsync(cancellationToken);

    public Task<byte[]> GetSecretAsync(CancellationToken cancellationToken) =>
        Task.FromResult(secret ?? throw new InvalidOperationException("The store is used before InitializeAsync."));

    public async Task<StorageReadiness> CheckReadinessAsync(CancellationToken cancellationToken)
    {
        // Before opening anything: a file another program put there is not this node's database, whatever it holds.
        if (opened?.Change() is { } change)
        {
            throw new IOException($"the database file {opened.Path} {change} while the server was running: writes are refused until the server is restarted");
        }

        // Unpooled and without Create: a pooled connection keeps answering from a file deleted under it,
        // and creating a missing file would report an empty database as the registry.
        var builder = new SqliteConnectionStringBuilder(connectionString) { Mode = SqliteOpenMode.ReadWrite, Pooling = false };
        await using var connection = new SqliteConnection(builder.ToString());
        await connection.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "PRAGMA user_version;");
        var version = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        return new StorageReadiness("sqlite", version, SqliteMigrations.Latest);
    }



    /// <summary>Turns this call's pending claim into the remembered outcome; false when the claim is no longer this call's.</summary>
    private static async Task<bool> CompleteTokenAsync(SqliteConnection connection, SqliteTransaction transaction, TokenWrite write)
    {
        var key = write.Claim.Key;
        return await ExecuteAsync(connection, transaction,
            "UPDATE idempotency_tokens SET state = 'done', response = $response, claim_id = NULL, lease_until = NULL " +
            "WHERE account = $account AND region = $region AND operation = $operation AND token = $token " +
            "AND state = 'pending' AND claim_id = $claim_id;",
            CancellationToken.None,
            ("$account", key.Scope.Account), ("$region", key.Scope.Region), ("$operation", key.Operation), ("$token", key.Token),
            ("$response", write.Response), ("$claim_id", write.Claim.ClaimId)) > 0;
    }

    // One row, kept by triggers (SqliteMigrations), however many connectors the account has.
    private const string CountQuery = "SELECT connectors FROM connector_counts WHERE account = $account AND region = $region;";

    private const string TokenQuery =
        "SELECT request_hash, state, response, created_at, lease_until FROM idempotency_tokens " +
        "WHERE account = $account AND region = $region AND operation = $operation AND token = $token;";

    private static (string, object?)[] TokenParameters(IdempotencyKey key) =>
        [("$account", key.Scope.Account), ("$region", key.Scope.Region), ("$operation", key.Operation), ("$token", key.Token)];

    private static async Task<IdempotencyRecord?> FindTokenAsync(SqliteConnection connection, SqliteTransaction? transaction, IdempotencyKey key, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, TokenQuery, TokenParameters(key));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return RegistrationRows.ReadToken(reader, key);
    }

    private static async Task<int> CountAsync(SqliteConnection connection, SqliteTransaction? transaction, RegistryScope scope, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, CountQuery, ("$account", scope.Account), ("$region", scope.Region));
        return await CountOfAsync(command, cancellationToken);
    }

    private static async Task<int> CountOfAsync(SqliteCommand command, CancellationToken cancellationToken) =>
        Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken) ?? 0L, CultureInfo.InvariantCulture);

    private async Task<T> ReadAsync<T>(Func<SqliteReadConnections.Lease, Task<T>> read, CancellationToken cancellationToken)
    {
        SqliteReadConnections.Lease lease;
        try
        {
            lease = await readers.RentAsync(cancellationToken);
        }
        catch (SqliteException e) when (opened?.Change() is { } change)
        {
            // A new connection to a file that is gone: say so, rather than "unable to open database file".
            throw new DatabaseFileChangedException(opened.Path, change, e);
        }

        using (lease)
        {
            try
            {
                return await read(lease);
            }
            catch (SqliteException e) when (opened?.Change() is { } change)
            {
                // Pages read from bytes another program wrote: say so, rather than "database disk image is malformed".
                lease.Discard();
                throw new DatabaseFileChangedException(opened.Path, change, e);
            }
            catch
            {
                lease.Discard();
                throw;
            }
        }
    }

    private static async Task<int> CountProfilesAsync(SqliteConnection connection, SqliteTransaction? transaction, RegistryScope scope, int upTo, CancellationToken cancellationToken)
    {
        // The primary key's (account, region) prefix; bounded by the quota as the connector count is.
        await using var command = Command(connection, transaction,
            "SELECT COUNT(*) FROM (SELECT 1 FROM connector_profiles WHERE account = $account AND region = $region LIMIT $up_to);",
            ("$account", scope.Account), ("$region", scope.Region), ("$up_to", upTo));
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private async Task<SqliteConnection> OpenForWritingAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken);

        // synchronous is per connection and defaults to NORMAL under WAL, which may lose the last
        // commits on power loss; FULL keeps every acknowledged registration. Reads need neither.
        await ExecuteAsync(connection, null, "PRAGMA synchronous=FULL;", cancellationToken);
        return connection;
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters) =>
        SqlitePreparedStatements.Command(connection, transaction, sql, parameters);

    private static async Task<int> ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
