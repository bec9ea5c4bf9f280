using Microsoft.Data.Sqlite;

namespace AppFlowLocal.Storage.Sqlite;

/// <summary>
/// Schema versions, applied in order at start-up. A migration is never edited once it has shipped:
/// a change is a new entry, so every existing database can be brought forward.
/// </summary>
internal static class SqliteMigrations
{
    private static readonly string[] Steps =
    [
        """
        CREATE TABLE connectors (
            account TEXT NOT NULL,
            region TEXT NOT NULL,
            label TEXT NOT NULL,
            arn TEXT NOT NULL,
            description TEXT NULL,
            provisioning_type TEXT NOT NULL,
            lambda_arn TEXT NOT NULL,
            registered_at INTEGER NOT NULL,
            registered_by TEXT NOT NULL,
            configuration TEXT NOT NULL,
            PRIMARY KEY (account, region, label)
        ) WITHOUT ROWID;
        CREATE TABLE idempotency_tokens (
            account TEXT NOT NULL,
            region TEXT NOT NULL,
            operation TEXT NOT NULL,
            token TEXT NOT NULL,
            request_hash TEXT NOT NULL,
            response TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            PRIMARY KEY (account, region, operation, token)
        ) WITHOUT ROWID;
        CREATE INDEX idempotency_tokens_created_at ON idempotency_tokens (created_at);
        CREATE TABLE server_secrets (
            name TEXT NOT NULL PRIMARY KEY,
            value BLOB NOT NULL
        );
        """,

        // Counting an account's connectors (the quota check) reads this narrow index rather than
        // every stored configuration, which lives inline in the table's rows.
        """
        CREATE INDEX connectors_scope ON connectors (account, region);
        """,

        // A registration's identity and revision make updates compare-and-swap: an update writes only
        // over the registration it read, never over a later change or a new registration of the label.
        // A clientToken is claimed (pending, with a lease) before its call runs, so retries on any node
        // over this database wait for that call instead of running it again; what is there already is done.
        """
        ALTER TABLE connectors ADD COLUMN registration_id TEXT NOT NULL DEFAULT '';
        ALTER TABLE connectors ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
        UPDATE connectors SET registration_id = lower(hex(randomblob(16)));
        ALTER TABLE idempotency_tokens ADD COLUMN state TEXT NOT NULL DEFAULT 'done';
        ALTER TABLE idempotency_tokens ADD COLUMN claim_id TEXT NULL;
        ALTER TABLE idempotency_tokens ADD COLUMN lease_until INTEGER NULL;
        """,

        // Version history, per registration identity (registration_id): a label registered again starts anew.
        """
        CREATE TABLE connector_history (
            entry_id INTEGER PRIMARY KEY,
            account TEXT NOT NULL,
            region TEXT NOT NULL,
            label TEXT NOT NULL,
            registration_id TEXT NOT NULL,
            sequence INTEGER NOT NULL,
            action TEXT NOT NULL,
            changed_at INTEGER NOT NULL,
            changed_by TEXT NOT NULL,
            lambda_arn TEXT NULL,
            connector_version TEXT NULL,
            changes TEXT NOT NULL,
            UNIQUE (registration_id, sequence)
        );
        CREATE INDEX connector_history_label ON connector_history (account, region, label, entry_id);
        """,

        // Connector profiles, each with its sealed credentials (the secret lives and dies with its row).
        // Listed by connector for UnregisterConnector's in-use check; found by secret for GetSecretValue.
        """
        CREATE TABLE connector_profiles (
            account TEXT NOT NULL,
            region TEXT NOT NULL,
            name TEXT NOT NULL,
            arn TEXT NOT NULL,
            label TEXT NOT NULL,
            connection_mode TEXT NOT NULL,
            properties TEXT NOT NULL,
            authentication_type TEXT NOT NULL,
            credentials_arn TEXT NOT NULL,
            credentials BLOB NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (account, region, name)
        ) WITHOUT ROWID;
        CREATE INDEX connector_profiles_label ON connector_profiles (account, region, label);
        CREATE UNIQUE INDEX connector_profiles_secret ON connector_profiles (credentials_arn);
        """,

        // Each account's connector count, kept by the database itself: the quota check read every index
        // entry of the account, in the single writer, so a registration slowed as the account grew
        // (bench/: scale). Triggers keep it exact whatever deletes or inserts a row.
        """
        CREATE TABLE connector_counts (
            account TEXT NOT NULL,
            region TEXT NOT NULL,
            connectors INTEGER NOT NULL,
            PRIMARY KEY (account, region)
        ) WITHOUT ROWID;
        INSERT INTO connector_counts (account, region, connectors) SELECT account, region, COUNT(*) FROM connectors GROUP BY account, region;
        CREATE TRIGGER connectors_counted_on_insert AFTER INSERT ON connectors BEGIN
            INSERT OR IGNORE INTO connector_counts (account, region, connectors) VALUES (NEW.account, NEW.region, 0);
            UPDATE connector_counts SET connectors = connectors + 1 WHERE account = NEW.account AND region = NEW.region;
        END;
        CREATE TRIGGER connectors_counted_on_delete AFTER DELETE ON connectors BEGIN
            UPDATE connector_counts SET connectors = connectors - 1 WHERE account = OLD.account AND region = OLD.region;
        END;
        """,

        // OAuth2 profiles keep their oAuth2Properties beside the runtime settings. A profile's secret is
        // readable while its connector validates it, before the profile is stored: pending_secrets holds it
        // (sealed) for that time, in the database so that any node can answer GetSecretValue for it; a row
        // outlives its validation only if its node died, and then its expiry hides it until a later hold purges it.
        """
        ALTER TABLE connector_profiles ADD COLUMN oauth2_properties TEXT NULL;
        CREATE TABLE pending_secrets (
            hold_id TEXT NOT NULL PRIMARY KEY,
            account TEXT NOT NULL,
            region TEXT NOT NULL,
            credentials_arn TEXT NOT NULL,
            credentials BLOB NOT NULL,
            created_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX pending_secrets_arn ON pending_secrets (credentials_arn);
        CREATE INDEX pending_secrets_expires_at ON pending_secrets (expires_at);
        """,

        // Each profile's revision: an update writes only over the profile it read (its secret and this revision),
        // so it never overwrites another update, nor a profile deleted and created again while it validated.
        """
        ALTER TABLE connector_profiles ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
        """,
    ];

    public static int Latest => Steps.Length;

    /// <summary>Refuses, changing nothing, a database a newer server has migrated beyond what this one knows.</summary>
    public static async Task RefuseNewerAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var transaction = connection.BeginTransaction(deferred: true);
        RefuseNewer(connection, await ScalarAsync(connection, transaction, "PRAGMA user_version;", cancellationToken));
    }

    public static async Task ApplyAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var transaction = connection.BeginTransaction(deferred: false);

        // Again inside the write lock: another node may have migrated the file since it was looked at.
        var current = await ScalarAsync(connection, transaction, "PRAGMA user_version;", cancellationToken);
        RefuseNewer(connection, current);

        for (var version = (int)current; version < Steps.Length; version++)
        {
            await using var step = connection.CreateCommand();
            step.Transaction = transaction;
            step.CommandText = Steps[version] + $"\nPRAGMA user_version = {version + 1};";
            await step.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static void RefuseNewer(SqliteConnection connection, long current)
    {
        if (current > Steps.Length)
        {
            throw new UnusableDatabaseException(connection.DataSource,
                $"holds schema version {current}, newer than this server's {Steps.Length}; it was written by a newer AppFlow Local, run that one");
        }
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
