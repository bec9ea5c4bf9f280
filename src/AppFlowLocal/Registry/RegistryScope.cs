namespace AppFlowLocal.Registry;

/// <summary>The unit of isolation: connectors, tokens and quotas never cross an account and region.</summary>
internal readonly record struct RegistryScope(string Account, string Region);
