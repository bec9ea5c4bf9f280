namespace AppFlowLocal.Wire;

/// <summary>
/// The service name an endpoint's callers sign for (the fourth element of the SigV4 credential scope).
/// AppFlow's routes are signed for <c>appflow</c>; the Secrets Manager endpoint a connector calls is
/// signed for <c>secretsmanager</c>, so it carries this as endpoint metadata.
/// </summary>
internal sealed record SigningService(string Name)
{
    public const string AppFlow = "appflow";
    public const string SecretsManager = "secretsmanager";
}
