namespace AppFlowLocal.Registry;

/// <summary>One invocation of a connector function on a caller's behalf, as its author wants to see it.</summary>
/// <param name="Operation">The operation that invoked it: RegisterConnector or UpdateConnectorRegistration.</param>
/// <param name="Outcome">"Success" or the error code the caller got.</param>
/// <param name="Error">The caller's error message for a failure, naming the function's fault.</param>
internal sealed record InvocationRecord(
    RegistryScope Scope,
    string Function,
    string Operation,
    string ConnectorLabel,
    string RequestType,
    DateTimeOffset StartedAt,
    string Outcome,
    TimeSpan Latency,
    string? Error);
