namespace AppFlowLocal.Registry;

/// <summary>
/// One step in a registration's life: registered, updated or unregistered, by whom, to which function
/// and connector version, and which members changed. Written by the store in the same transaction as
/// the change it describes, so the history never shows a change that did not happen, nor misses one.
/// </summary>
/// <param name="Action">Registered, Updated or Unregistered.</param>
/// <param name="By">The caller's IAM ARN.</param>
/// <param name="LambdaArn">The function after the change; null for an unregistration.</param>
/// <param name="ConnectorVersion">The connector's version after the change; null for an unregistration.</param>
/// <param name="Changes">The members the change altered (lambdaArn, description, connectorVersion, configuration).</param>
/// <param name="KeepLast">How many entries the registration keeps (Console:HistoryLimit); older ones go in the same transaction.</param>
internal sealed record ConnectorHistoryEntry(
    string Action,
    DateTimeOffset At,
    string By,
    string? LambdaArn,
    string? ConnectorVersion,
    IReadOnlyList<string> Changes,
    int KeepLast)
{
    public const string Registered = "Registered";
    public const string Updated = "Updated";
    public const string Unregistered = "Unregistered";

    /// <summary>The registration (identity) this entry belongs to; set by the store.</summary>
    public string RegistrationId { get; init; } = "";

    /// <summary>The registration's revision after the change; set by the store.</summary>
    public long Sequence { get; init; }
}
