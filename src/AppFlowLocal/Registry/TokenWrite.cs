namespace AppFlowLocal.Registry;

/// <summary>Completes a claimed token with the response to replay, in the same transaction as the call's write.</summary>
internal sealed record TokenWrite(IdempotencyClaim Claim, string Response);
