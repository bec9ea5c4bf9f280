namespace AppFlowLocal.Registry;

internal sealed record RegistrationPage(IReadOnlyList<ConnectorRegistration> Items, string? NextToken);
