namespace AppFlowLocal.Registry;

/// <summary>
/// A profile's secret while its connector validates it (<see cref="PendingSecrets"/>): sealed as the
/// stored one is, readable by GetSecretValue on every node until <see cref="ExpiresAt"/> or until the
/// validation ends, whichever comes first.
/// </summary>
/// <param name="HoldId">Tells two validations of one secret apart (two updates of a profile may overlap).</param>
/// <param name="CreatedAt">The secret's creation time, as GetSecretValue reports it.</param>
internal sealed record PendingSecret(
    string HoldId,
    RegistryScope Scope,
    string Arn,
    byte[] SealedValue,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt);
