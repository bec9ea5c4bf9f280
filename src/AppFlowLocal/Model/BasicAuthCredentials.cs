namespace AppFlowLocal.Model;

internal sealed record BasicAuthCredentials
{
    public string? Username { get; init; }

    public string? Password { get; init; }
}
