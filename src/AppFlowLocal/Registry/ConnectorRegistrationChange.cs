namespace AppFlowLocal.Registry;

/// <summary>What a RegisterConnector or UpdateConnectorRegistration call asks for, already validated.</summary>
/// <param name="LambdaArn">The function to invoke; on update, null keeps the current one.</param>
/// <param name="Description">On update, null keeps the current description.</param>
/// <param name="Fingerprint">Identifies the call's parameters (all but the token) for idempotency.</param>
internal sealed record ConnectorRegistrationChange(
    string Label,
    string? Description,
    string? LambdaArn,
    string? ClientToken,
    string Fingerprint);
