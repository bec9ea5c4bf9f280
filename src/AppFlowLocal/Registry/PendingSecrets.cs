using System.Collections.Concurrent;

namespace AppFlowLocal.Registry;

/// <summary>
/// Secrets of profiles being validated. AppFlow stores a profile's secret before it asks the connector to
/// validate the credentials, and the connector reads it from Secrets Manager during that call; here the
/// profile (and with it the secret) is written only once the connector said yes, so until then the secret
/// is served from this node's memory, sealed. A connector reaches the node that invokes it: a <c>cmd:</c>
/// function gets this node's address as its Secrets Manager endpoint.
/// </summary>
internal sealed class PendingSecrets
{
    private readonly ConcurrentDictionary<(RegistryScope Scope, string Arn), (byte[] Sealed, DateTimeOffset CreatedAt)> secrets = new();

    /// <returns>Ends the secret's pending life when disposed (whether the profile was stored or not).</returns>
    public IDisposable Hold(RegistryScope scope, string arn, byte[] sealedValue, DateTimeOffset createdAt)
    {
        secrets[(scope, arn)] = (sealedValue, createdAt);
        return new Release(() => secrets.TryRemove((scope, arn), out _));
    }

    public bool TryGet(RegistryScope scope, string arn, out byte[] sealedValue, out DateTimeOffset createdAt)
    {
        var found = secrets.TryGetValue((scope, arn), out var secret);
        (sealedValue, createdAt) = secret;
        return found;
    }

    private sealed class Release(Action release) : IDisposable
    {
        public void Dispose() => release();
    }
}
