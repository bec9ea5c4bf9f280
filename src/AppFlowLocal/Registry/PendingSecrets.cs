using System.Security.Cryptography;
using AppFlowLocal.Storage;

namespace AppFlowLocal.Registry;

/// <summary>
/// Secrets of profiles being validated. AppFlow stores a profile's secret before it asks the connector to
/// validate the credentials, and the connector reads it from Secrets Manager during that call; here the
/// profile (and with it the secret) is written only once the connector said yes, so until then the secret
/// is held in the database, sealed, for every node to serve: behind a load balancer the connector's
/// GetSecretValue may reach a node other than the one that invokes it.
/// </summary>
internal sealed class PendingSecrets(IRegistryStore store, TimeProvider time)
{
    /// <param name="lifetime">How long the hold may last at most: a node that dies mid-validation leaves a row that expires.</param>
    /// <returns>Ends the hold when disposed (whether the profile was stored or not).</returns>
    public async Task<IAsyncDisposable> HoldAsync(RegistryScope scope, string arn, byte[] sealedValue, DateTimeOffset createdAt, TimeSpan lifetime)
    {
        var now = time.GetUtcNow();
        var secret = new PendingSecret(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), scope, arn, sealedValue, createdAt, now + lifetime);
        await store.HoldPendingSecretAsync(secret, CancellationToken.None);
        return new Release(() => store.ReleasePendingSecretAsync(secret.HoldId, CancellationToken.None));
    }

    public Task<PendingSecret?> FindAsync(RegistryScope scope, string arn, CancellationToken cancellationToken) =>
        store.FindPendingSecretAsync(scope, arn, time.GetUtcNow(), cancellationToken);

    private sealed class Release(Func<Task> release) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await release();
    }
}
