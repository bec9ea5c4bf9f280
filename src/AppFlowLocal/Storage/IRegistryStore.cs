using AppFlowLocal.Registry;

namespace AppFlowLocal.Storage;

/// <summary>
/// Durable state of the registry. Every write that returns has been committed durably: a
/// registration acknowledged to a client survives a crash. A write and the clientToken that
/// produced it are committed together or not at all, and every check a write depends on (token,
/// label, quota, revision) is made again inside the write's transaction, token first.
/// </summary>
internal interface IRegistryStore
{
    /// <summary>Creates or migrates the schema.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    Task<ConnectorRegistration?> FindAsync(RegistryScope scope, string label, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="FindAsync"/> for a write about to be made, which checks again inside its transaction: a store
    /// whose kept answers take a round trip to confirm reads storage instead, as writes end what is kept anyway.
    /// </summary>
    Task<ConnectorRegistration?> FindForWriteAsync(RegistryScope scope, string label, CancellationToken cancellationToken) =>
        FindAsync(scope, label, cancellationToken);

    /// <summary>Registrations ordered by label (ordinal), starting after <paramref name="afterLabel"/>.</summary>
    Task<IReadOnlyList<ConnectorSummary>> ListAsync(RegistryScope scope, string? afterLabel, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// The scopes that hold at least one registration, with how many, ordered by account then region
    /// (ordinal); only <paramref name="account"/>'s regions when it is given.
    /// </summary>
    Task<IReadOnlyList<ScopeSummary>> ListScopesAsync(string? account, CancellationToken cancellationToken);

    /// <summary>How many registrations the scope holds, counting no further than <paramref name="upTo"/>.</summary>
    Task<int> CountAsync(RegistryScope scope, int upTo, CancellationToken cancellationToken);

    /// <summary>
    /// A registration's checks before it invokes anything: whether the label is registered, and the scope's count
    /// up to <paramref name="upTo"/>. The insert checks both again atomically.
    /// </summary>
    async Task<(bool Registered, int Count)> RegistrableAsync(RegistryScope scope, string label, int upTo, CancellationToken cancellationToken)
    {
        // Asked together: neither depends on the other.
        var existing = FindForWriteAsync(scope, label, cancellationToken);
        var count = CountAsync(scope, upTo, cancellationToken);
        await Task.WhenAll(existing, count);
        return (await existing is not null, await count);
    }

    /// <summary>
    /// Inserts, with <paramref name="history"/> as the registration's first history entry, unless this call no longer holds <paramref name="token"/>'s claim (checked first), the label
    /// exists, or the scope already holds <paramref name="quota"/> registrations.
    /// </summary>
    Task<StoreWriteOutcome> InsertAsync(ConnectorRegistration registration, int quota, TokenWrite? token, ConnectorHistoryEntry? history, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the description, function and configuration over the registration with the same id, if
    /// it is still at the revision it was read at (then the revision advances and <paramref name="history"/> is appended). Otherwise nothing is
    /// written: <see cref="StoreWriteOutcome.NotFound"/> when the label is gone, <see cref="StoreWriteOutcome.Stale"/>
    /// when it was changed or registered again.
    /// </summary>
    Task<StoreWriteOutcome> ReplaceAsync(ConnectorRegistration registration, TokenWrite? token, ConnectorHistoryEntry? history, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the registration unless a connector profile uses it (<see cref="StoreWriteOutcome.InUse"/>);
    /// with <paramref name="force"/> its profiles, and their secrets, go with it. <paramref name="history"/>
    /// is appended as the registration's final entry, in the same transaction.
    /// </summary>
    Task<StoreWriteOutcome> DeleteAsync(RegistryScope scope, string label, bool force, ConnectorHistoryEntry? history, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts the profile unless this call no longer holds <paramref name="token"/>'s claim (checked first),
    /// its connector is no longer registered (<see cref="StoreWriteOutcome.NotFound"/>) or was registered again
    /// since <paramref name="registrationId"/> validated the profile (<see cref="StoreWriteOutcome.Stale"/>), a profile of that name
    /// exists (<see cref="StoreWriteOutcome.NameExists"/>), or the scope already holds <paramref name="quota"/>
    /// profiles (<see cref="StoreWriteOutcome.QuotaExceeded"/>).
    /// </summary>
    Task<StoreWriteOutcome> InsertProfileAsync(ConnectorProfileRecord profile, string registrationId, int quota, TokenWrite? token, CancellationToken cancellationToken);

    /// <summary>How many profiles the scope holds, counting no further than <paramref name="upTo"/>.</summary>
    Task<int> CountProfilesAsync(RegistryScope scope, int upTo, CancellationToken cancellationToken);

    /// <summary>Makes a secret readable while its profile is validated, and purges holds that expired (their node died).</summary>
    Task HoldPendingSecretAsync(PendingSecret secret, CancellationToken cancellationToken);

    /// <summary>Ends a hold (its validation ended, whatever the outcome).</summary>
    Task ReleasePendingSecretAsync(string holdId, CancellationToken cancellationToken);

    /// <summary>The newest unexpired hold of the secret <paramref name="credentialsArn"/> in the scope, if any.</summary>
    Task<PendingSecret?> FindPendingSecretAsync(RegistryScope scope, string credentialsArn, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Profiles ordered by name (ordinal), starting after <paramref name="afterName"/>, of one connector when
    /// <paramref name="label"/> is given, and only those named when <paramref name="names"/> is given.
    /// </summary>
    Task<IReadOnlyList<ConnectorProfileRecord>> ListProfilesAsync(
        RegistryScope scope, string? label, IReadOnlyCollection<string>? names, string? afterName, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the profile's connection mode, properties, credentials and update time over the profile of that
    /// name, unless this call no longer holds <paramref name="token"/>'s claim, and only if the stored profile is
    /// still the one that was read (same <see cref="ConnectorProfileRecord.CredentialsArn"/>, same
    /// <see cref="ConnectorProfileRecord.Revision"/>); then the revision advances. Otherwise nothing is written:
    /// <see cref="StoreWriteOutcome.NotFound"/> when there is no profile of that name,
    /// <see cref="StoreWriteOutcome.Stale"/> when it was updated, or deleted and created again, since it was read.
    /// </summary>
    Task<StoreWriteOutcome> UpdateProfileAsync(ConnectorProfileRecord profile, TokenWrite? token, CancellationToken cancellationToken);

    /// <summary>The scope's profile whose credentials are the secret <paramref name="credentialsArn"/>, if any.</summary>
    Task<ConnectorProfileRecord?> FindProfileBySecretAsync(RegistryScope scope, string credentialsArn, CancellationToken cancellationToken);

    /// <summary>Deletes the profile and its secret; false when there was none of that name.</summary>
    Task<bool> DeleteProfileAsync(RegistryScope scope, string name, CancellationToken cancellationToken);

    /// <summary>
    /// The history of the label's latest registration (the current one, or the last one if it is
    /// unregistered), newest first. A label registered again starts a history of its own.
    /// </summary>
    Task<IReadOnlyList<ConnectorHistoryEntry>> ListHistoryAsync(RegistryScope scope, string label, CancellationToken cancellationToken);

    /// <summary>The token's record, pending or done, whatever its age: the caller decides what is still live.</summary>
    Task<IdempotencyRecord?> FindTokenAsync(IdempotencyKey key, CancellationToken cancellationToken);

    /// <summary>
    /// Takes the token for a call about to run, unless a live record holds it: a pending one whose lease
    /// has not ended, or a done one inside the token's lifetime.
    /// </summary>
    /// <returns>Null when claimed; otherwise the record that holds the token, or one whose lease is already over when the holder could not be read (ask again).</returns>
    Task<IdempotencyRecord?> ClaimTokenAsync(IdempotencyClaim claim, CancellationToken cancellationToken);

    /// <summary>
    /// Whether a call claims its token without looking first: where a claim that finds the token held writes
    /// nothing and costs what a look does (one round trip), the look would be a round trip spent on every new
    /// token to spare a replay nothing. Where a claim is a write (SQLite's one writer), replays look first.
    /// </summary>
    bool ClaimsBeforeLooking => false;

    /// <summary>Gives a claimed token up after the call failed (only successes are remembered); a no-op if the claim was lost.</summary>
    Task ReleaseTokenAsync(IdempotencyClaim claim, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes up to <paramref name="limit"/> token records created before <paramref name="before"/>, except claims
    /// whose lease is still running; returns how many. Small batches keep each transaction short, so requests
    /// never queue behind a sweep.
    /// </summary>
    Task<int> PurgeTokensAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken);

    /// <summary>A secret shared by every node over this store, created at initialisation (signs page tokens).</summary>
    Task<byte[]> GetSecretAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Asks the database itself, on a connection of its own, which schema version it holds; throws when it
    /// cannot be reached. Nothing cached answers for it: a health check must see an outage the moment it starts.
    /// </summary>
    Task<StorageReadiness> CheckReadinessAsync(CancellationToken cancellationToken);
}
