using Npgsql;

namespace AppFlowLocal.Storage.Postgres;

/// <summary>
/// Schema versions, applied in order at start-up, as <see cref="Sqlite.SqliteMigrations"/> are: a
/// shipped step is never edited, a change is a new step. All of it runs in one transaction under an
/// advisory lock, so nodes starting together over a new database migrate it once, one after another.
/// </summary>
internal static class PostgresMigrations
{
    // Any fixed number, the same on every node: pg_advisory_xact_lock is a lock on this number.
    private const long MigrationLock = 0x41707046_6c6f7701;

    private static readonly string[] Steps =
    [
        // The shape SQLite's first three steps arrive at. Labels compare as bytes (COLLATE "C"), as
        // SQLite's BINARY collation does, so ListConnectors pages alike on both and page tokens from
        // one provider's order never skip a label on the other. The configuration is kept as the
        // API's JSON text: what is read back is what was written.
        """
        CREATE TABLE connectors (
            account text COLLATE "C" NOT NULL,
            region text COLLATE "C" NOT NULL,
            label text COLLATE "C" NOT NULL,
            registration_id text NOT NULL,
            revision bigint NOT NULL,
            arn text NOT NULL,
            description text NULL,
            provisioning_type text NOT NULL,
            lambda_arn text NOT NULL,
            registered_at bigint NOT NULL,
            registered_by text NOT NULL,
            configuration text NOT NULL,
            PRIMARY KEY (account, region, label)
        );
        CREATE TABLE idempotency_tokens (
            account text COLLATE "C" NOT NULL,
            region text COLLATE "C" NOT NULL,
            operation text COLLATE "C" NOT NULL,
            token text COLLATE "C" NOT NULL,
            request_hash text NOT NULL,
            response text NOT NULL,
            created_at bigint NOT NULL,
            state text NOT NULL,
            claim_id text NULL,
            lease_until bigint NULL,
            PRIMARY KEY (account, region, operation, token)
        );
        CREATE INDEX idempotency_tokens_created_at ON idempotency_tokens (created_at);
        CREATE TABLE server_secrets (
            name text NOT NULL PRIMARY KEY,
            value bytea NOT NULL
        );
        """,

        // One row per (account, region) holding its number of registrations. Inserts and deletes in a
        // scope lock this row first, so the quota check is exact across nodes and costs one row, not a count.
        """
        CREATE TABLE scope_counts (
            account text COLLATE "C" NOT NULL,
            region text COLLATE "C" NOT NULL,
            connectors integer NOT NULL CHECK (connectors >= 0),
            PRIMARY KEY (account, region)
        );
        INSERT INTO scope_counts (account, region, connectors)
            SELECT account, region, count(*) FROM connectors GROUP BY account, region;
        """,

        // Version history, per registration identity (registration_id): a label registered again starts anew.
        """
        CREATE TABLE connector_history (
            entry_id bigserial PRIMARY KEY,
            account text COLLATE "C" NOT NULL,
            region text COLLATE "C" NOT NULL,
            label text COLLATE "C" NOT NULL,
            registration_id text NOT NULL,
            sequence bigint NOT NULL,
            action text NOT NULL,
            changed_at bigint NOT NULL,
            changed_by text NOT NULL,
            lambda_arn text NULL,
            connector_version text NULL,
            changes text NOT NULL,
            UNIQUE (registration_id, sequence)
        );
        CREATE INDEX connector_history_label ON connector_history (account, region, label, entry_id);
        """,

        // SQLite's fifth step: connector profiles with their sealed credentials.
        """
        CREATE TABLE connector_profiles (
            account text COLLATE "C" NOT NULL,
            region text COLLATE "C" NOT NULL,
            name text COLLATE "C" NOT NULL,
            arn text NOT NULL,
            label text COLLATE "C" NOT NULL,
            connection_mode text NOT NULL,
            properties text NOT NULL,
            authentication_type text NOT NULL,
            credentials_arn text NOT NULL,
            credentials bytea NOT NULL,
            created_at bigint NOT NULL,
            updated_at bigint NOT NULL,
            PRIMARY KEY (account, region, name)
        );
        CREATE INDEX connector_profiles_label ON connector_profiles (account, region, label);
        CREATE UNIQUE INDEX connector_profiles_secret ON connector_profiles (credentials_arn);
        """,

        // SQLite's sixth step (oAuth2Properties, pending secrets readable from every node), and the scope's
        // counter row also counts its profiles, so the profile quota is exact across nodes as the connector one is.
        """
        ALTER TABLE connector_profiles ADD COLUMN oauth2_properties text NULL;
        ALTER TABLE scope_counts ADD COLUMN profiles integer NOT NULL DEFAULT 0 CHECK (profiles >= 0);
        INSERT INTO scope_counts (account, region, connectors, profiles)
            SELECT account, region, 0, count(*) FROM connector_profiles GROUP BY account, region
            ON CONFLICT (account, region) DO UPDATE SET profiles = excluded.profiles;
        CREATE TABLE pending_secrets (
            hold_id text NOT NULL PRIMARY KEY,
            account text COLLATE "C" NOT NULL,
            region text COLLATE "C" NOT NULL,
            credentials_arn text NOT NULL,
            credentials bytea NOT NULL,
            created_at bigint NOT NULL,
            expires_at bigint NOT NULL
        );
        CREATE INDEX pending_secrets_arn ON pending_secrets (credentials_arn);
        CREATE INDEX pending_secrets_expires_at ON pending_secrets (expires_at);
        """,

        // The connector count split over shard rows (PostgresRegistryStore.CountShards), so that one account's
        // registrations no longer queue on its counter row through each commit's WAL flush: the scope's count is
        // scope_counts.connectors plus its shards. A registration adds to a shard, an unregister subtracts from
        // scope_counts.connectors, so that column alone may now go below zero; the sum never does. Existing
        // counts stay where they are (every shard starts empty).
        """
        CREATE TABLE scope_count_shards (
            account text COLLATE "C" NOT NULL,
            region text COLLATE "C" NOT NULL,
            shard smallint NOT NULL CHECK (shard >= 0),
            connectors integer NOT NULL,
            PRIMARY KEY (account, region, shard)
        );
        ALTER TABLE scope_counts DROP CONSTRAINT scope_counts_connectors_check;
        """,

        // A registration or an update sends its commit with its statements (an implicit transaction); its last
        // statement raises this when the write must not stand, which rolls all of it back and names the outcome
        // (PostgresRegistryStore.RefusedState).
        """
        CREATE OR REPLACE FUNCTION appflow_refuse(outcome text) RETURNS integer LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION USING ERRCODE = 'AFL01', MESSAGE = outcome;
        END
        $$;
        """,

        // SQLite's eighth step: each profile's revision, so that an update writes only over the profile it read.
        """
        ALTER TABLE connector_profiles ADD COLUMN revision bigint NOT NULL DEFAULT 1;
        """,
    ];

    public static int Latest => Steps.Length;

    public static async Task ApplyAsync(NpgsqlConnection connection, string database, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({MigrationLock});", cancellationToken);
        await ExecuteAsync(connection, transaction,
            "CREATE TABLE IF NOT EXISTS schema_version (only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row), version integer NOT NULL);",
            cancellationToken);

        await using (var read = new NpgsqlCommand("SELECT version FROM schema_version;", connection, transaction))
        {
            var current = await read.ExecuteScalarAsync(cancellationToken) is int version ? version : 0;
            if (current > Steps.Length)
            {
                throw new UnusableDatabaseException(database,
                    $"holds schema version {current}, newer than this server's {Steps.Length}; it was written by a newer AppFlow Local, run that one");
            }

            for (var step = current; step < Steps.Length; step++)
            {
                await ExecuteAsync(connection, transaction, Steps[step], cancellationToken);
            }

            if (current < Steps.Length)
            {
                await ExecuteAsync(connection, transaction,
                    $"INSERT INTO schema_version (version) VALUES ({Steps.Length}) ON CONFLICT (only_row) DO UPDATE SET version = excluded.version;",
                    cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
