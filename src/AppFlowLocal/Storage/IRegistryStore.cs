using AppFlowLocal.Registry;

namespace AppFlowLocal.Storage;

/// <summary>
/// Durable state of the registry. Every write that returns has been committed durably: a
/// registration acknowledged to a client survives a crash. A write and the clientToken that
/// produced it are committed together or not at all.
/// </summary>
internal interface IRegistryStore
{
    /// <summary>Creates or migrates the schema.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    Task<ConnectorRegistration?> FindAsync(RegistryScope scope, string label, CancellationToken cancellationToken);

    /// <summary>Registrations ordered by label (ordinal), starting after <paramref name="afterLabel"/>.</summary>
    Task<IReadOnlyList<ConnectorSummary>> ListAsync(RegistryScope scope, string? afterLabel, int limit, CancellationToken cancellationToken);

    /// <summary>How many registrations the scope holds, counting no further than <paramref name="upTo"/>.</summary>
    Task<int> CountAsync(RegistryScope scope, int upTo, CancellationToken cancellationToken);

    /// <summary>Inserts unless the label exists or the scope already holds <paramref name="quota"/> registrations.</summary>
    Task<StoreWriteOutcome> InsertAsync(ConnectorRegistration registration, int quota, TokenWrite? token, CancellationToken cancellationToken);

    /// <summary>Replaces the registration with the same scope and label, if it still exists.</summary>
    Task<StoreWriteOutcome> ReplaceAsync(ConnectorRegistration registration, TokenWrite? token, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(RegistryScope scope, string label, CancellationToken cancellationToken);

    /// <summary>The token's record if it was written at or after <paramref name="notBefore"/>.</summary>
    Task<IdempotencyRecord?> FindTokenAsync(IdempotencyKey key, DateTimeOffset notBefore, CancellationToken cancellationToken);

    /// <summary>Deletes token records written before <paramref name="before"/>; returns how many.</summary>
    Task<int> PurgeTokensAsync(DateTimeOffset before, CancellationToken cancellationToken);

    /// <summary>A secret shared by every node over this store, created at initialisation (signs page tokens).</summary>
    Task<byte[]> GetSecretAsync(CancellationToken cancellationToken);
}
