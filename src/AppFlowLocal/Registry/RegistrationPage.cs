namespace AppFlowLocal.Registry;

internal sealed record RegistrationPage(IReadOnlyList<ConnectorSummary> Items, string? NextToken);
