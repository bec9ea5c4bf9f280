namespace AppFlowLocal.Model;

internal sealed record CustomAuthCredentials
{
    public string? CustomAuthenticationType { get; init; }

    public SortedDictionary<string, string>? CredentialsMap { get; init; }
}
