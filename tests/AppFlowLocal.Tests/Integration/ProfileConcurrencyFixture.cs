using AppFlowLocal.Tests.Infrastructure;

namespace AppFlowLocal.Tests.Integration;

/// <summary>
/// Accounts that may hold two connector profiles each, invocations that may be held for a while, and the
/// <see cref="SecretReaderConnector"/> reading its credentials in <see cref="SecretReaderAccount"/>.
/// </summary>
public class ProfileConcurrencyFixture : ServerFixture
{
    internal const int Quota = 2;

    /// <summary>The account the secret reader's credentials name (open mode: a 12-digit access key is the account).</summary>
    public const string SecretReaderAccount = "135792468013";

    private string SecretReaderScript => Path.Combine(Directory, "secret_reader.py");

    protected override IEnumerable<string> Settings =>
    [
        $"--Registry:MaxConnectorProfilesPerAccount={Quota}",
        .. SecretReaderConnector.Settings(SecretReaderScript, SecretReaderAccount),

        // Nodes over one PostgreSQL database share a configured key (there is no database file to keep one beside).
        .. UsesPostgres ? ["--Secrets:Key=" + Convert.ToBase64String(new byte[32])] : Array.Empty<string>(),
    ];

    internal override Task BeforeServerStartsAsync() => SecretReaderConnector.WriteAsync(SecretReaderScript);

    /// <summary>The same fixture over PostgreSQL.</summary>
    public new sealed class OnPostgres : ProfileConcurrencyFixture
    {
        internal override bool UsesPostgres => true;
    }
}
