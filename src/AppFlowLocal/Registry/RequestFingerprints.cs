using System.Security.Cryptography;
using System.Text;

namespace AppFlowLocal.Registry;

/// <summary>
/// What the ledger stores to recognise a tokened call's parameters: an HMAC-SHA256 of the request's
/// plain fingerprint (SHA-256 of its canonical JSON) under a key derived from the secrets key. A plain
/// hash of a request that carries a password lets anyone with a copy of the database test guesses
/// against it; the keyed one needs the secrets key, which is not in the database.
/// </summary>
internal sealed class RequestFingerprints(SecretSealer sealer)
{
    /// <summary>Marks a keyed fingerprint; a stored one without it was written before fingerprints were keyed.</summary>
    private const string Keyed = "k1:";

    private readonly Lazy<byte[]> key = new(() => sealer.DeriveKey("appflow-local idempotency request fingerprints"));

    /// <summary>The form stored for the request whose plain fingerprint is <paramref name="plain"/>.</summary>
    public string Of(string plain) => Keyed + Convert.ToHexString(HMACSHA256.HashData(key.Value, Encoding.ASCII.GetBytes(plain)));

    /// <summary>
    /// Whether <paramref name="stored"/> is the fingerprint of the request given as <paramref name="plain"/>
    /// and <paramref name="keyed"/> (<see cref="Of"/>). A token stored by a server before the upgrade is
    /// compared in its own plain form: a retry within the token's lifetime still replays, and a changed
    /// request is still a conflict, while new rows hold only the keyed form.
    /// </summary>
    public static bool Same(string stored, string plain, string keyed) =>
        stored.StartsWith(Keyed, StringComparison.Ordinal) ? stored == keyed : stored == plain;
}
