namespace AppFlowLocal.Registry;

/// <summary>A successful call remembered under its clientToken, with the response to replay.</summary>
internal sealed record IdempotencyRecord(IdempotencyKey Key, string RequestHash, string Response, DateTimeOffset CreatedAt);
