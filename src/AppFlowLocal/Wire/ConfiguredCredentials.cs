namespace AppFlowLocal.Wire;

/// <summary>
/// Every credential <c>sigv4</c> mode accepts: <c>Auth:Credentials</c> and the <c>Auth:CredentialsFile</c>'s,
/// read once. Signed requests and the console's login check against the same list.
/// </summary>
internal sealed class ConfiguredCredentials(IReadOnlyList<AuthCredential> all)
{
    public IReadOnlyList<AuthCredential> All { get; } = all;

    public static ConfiguredCredentials Load(AuthOptions options)
    {
        IEnumerable<AuthCredential> credentials = options.Credentials;
        if (!string.IsNullOrWhiteSpace(options.CredentialsFile))
        {
            // Validated at start-up: a file that cannot be used has stopped the server by now.
            credentials = credentials.Concat(CredentialsFile.Load(options.CredentialsFile).Credentials);
        }

        return new ConfiguredCredentials([.. credentials]);
    }
}
