namespace AppFlowLocal.Registry;

/// <summary>An account and region that holds registrations, and how many: what the console lists first.</summary>
internal sealed record ScopeSummary(RegistryScope Scope, int Connectors);
