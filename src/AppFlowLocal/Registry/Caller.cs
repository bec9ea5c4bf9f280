namespace AppFlowLocal.Registry;

/// <summary>Who is calling, and where: everything the registry keeps is scoped to Account + Region.</summary>
internal sealed record Caller(string Account, string Region, string Arn);
