namespace AppFlowLocal.Registry;

/// <summary>A clientToken is only ever compared within one account, region and operation.</summary>
internal readonly record struct IdempotencyKey(RegistryScope Scope, string Operation, string Token);
