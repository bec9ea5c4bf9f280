using AppFlowLocal.Model;

namespace AppFlowLocal.Registry;

/// <summary>
/// A registered custom connector: what the caller said (label, description, function) and what the
/// connector said about itself when last invoked (<see cref="Configuration"/>).
/// </summary>
internal sealed record ConnectorRegistration(
    RegistryScope Scope,
    string Label,
    string Arn,
    string? Description,
    string ProvisioningType,
    string LambdaArn,
    DateTimeOffset RegisteredAt,
    string RegisteredBy,
    ConnectorConfiguration Configuration);
