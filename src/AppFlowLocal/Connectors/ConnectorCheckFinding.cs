namespace AppFlowLocal.Connectors;

/// <summary>
/// One item of a configuration check: an <see cref="Error"/> is what registration refuses; a
/// <see cref="Warning"/> is what AppFlow accepts but AWS's SDK validators or documentation flag.
/// </summary>
internal sealed record ConnectorCheckFinding(string Severity, string Member, string Message)
{
    public const string Error = "error";

    public const string Warning = "warning";
}
