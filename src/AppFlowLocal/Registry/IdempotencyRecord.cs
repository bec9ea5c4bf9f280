namespace AppFlowLocal.Registry;

/// <summary>
/// A clientToken as storage holds it: claimed by a call that is running (<see cref="TokenState.Pending"/>,
/// until <see cref="LeaseUntil"/>) or remembered with the response of the call that succeeded.
/// </summary>
/// <param name="Response">The response to replay; null while pending.</param>
/// <param name="CreatedAt">When the token was first used: its lifetime counts from here.</param>
internal sealed record IdempotencyRecord(
    IdempotencyKey Key,
    string RequestHash,
    TokenState State,
    string? Response,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LeaseUntil);
