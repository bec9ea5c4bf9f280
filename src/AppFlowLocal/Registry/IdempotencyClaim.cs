namespace AppFlowLocal.Registry;

/// <summary>
/// The right to run a tokened call once, taken in storage before the call does anything, so that a
/// retry reaching another node (or this one) waits for this call instead of running it again. The
/// operation hands <see cref="Complete"/>'s record to the store with its own write, so the outcome and
/// the token land in one transaction, and only while this claim still holds the token.
/// </summary>
/// <param name="ClaimId">Tells this claim from a later one that took over an expired lease.</param>
/// <param name="CreatedAt">Now, when claiming.</param>
/// <param name="LeaseUntil">How long others wait for this call before they take the token over (a crashed node never finishes).</param>
/// <param name="ExpiredBefore">A remembered outcome created before this is past the token's lifetime and may be replaced.</param>
internal sealed record IdempotencyClaim(
    IdempotencyKey Key,
    string RequestHash,
    string ClaimId,
    DateTimeOffset CreatedAt,
    DateTimeOffset LeaseUntil,
    DateTimeOffset ExpiredBefore)
{
    public TokenWrite Complete(string response) => new(this, response);
}
