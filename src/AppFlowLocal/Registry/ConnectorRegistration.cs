using AppFlowLocal.Model;

namespace AppFlowLocal.Registry;

/// <summary>
/// A registered custom connector: what the caller said (label, description, function) and what the
/// connector said about itself when last invoked (<see cref="Configuration"/>).
/// </summary>
/// <param name="Id">
/// Identifies this registration for as long as it exists. A label unregistered and registered again is
/// another registration with another id, so an update that read the first can never land on the second.
/// </param>
/// <param name="Revision">Counts the changes to this registration; an update writes only over the revision it read.</param>
internal sealed record ConnectorRegistration(
    RegistryScope Scope,
    string Id,
    long Revision,
    string Label,
    string Arn,
    string? Description,
    string ProvisioningType,
    string LambdaArn,
    DateTimeOffset RegisteredAt,
    string RegisteredBy,
    ConnectorConfiguration Configuration);
