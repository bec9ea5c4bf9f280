namespace AppFlowLocal.Registry;

/// <summary>A token to record with a write; a record of the same token older than <paramref name="ExpiredBefore"/> is dead and may be replaced.</summary>
internal sealed record TokenWrite(IdempotencyRecord Record, DateTimeOffset ExpiredBefore);
