namespace AppFlowLocal.Registry;

/// <summary>
/// The right to run a tokened call once. The operation hands <see cref="Complete"/>'s record to the
/// store together with its own write so that the outcome and its token land in one transaction.
/// </summary>
internal sealed record IdempotencyClaim(IdempotencyKey Key, string RequestHash, DateTimeOffset CreatedAt, DateTimeOffset ExpiredBefore)
{
    public TokenWrite Complete(string response) => new(new IdempotencyRecord(Key, RequestHash, response, CreatedAt), ExpiredBefore);
}
