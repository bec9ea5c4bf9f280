namespace AppFlowLocal.Wire;

/// <summary>How callers are authenticated (section "Auth"); checked at start-up by <see cref="AuthOptionsValidator"/>.</summary>
internal sealed class AuthOptions
{
    public const string Section = "Auth";

    public const string OpenMode = "open";

    public const string SigV4Mode = "sigv4";

    /// <summary><c>open</c> (any access key, SPEC.md "Identity") or <c>sigv4</c> (a valid signature by a configured credential).</summary>
    public string Mode { get; set; } = OpenMode;

    public List<AuthCredential> Credentials { get; set; } = [];

    /// <summary>A JSON file holding more credentials, so that secrets need not be on a command line (README, "Authentication").</summary>
    public string? CredentialsFile { get; set; }

    /// <summary>Open mode lets anyone act as any account: off loopback it needs this explicit consent.</summary>
    public bool AllowOpenOnNetwork { get; set; }

    public bool RequiresSignature => string.Equals(Mode, SigV4Mode, StringComparison.OrdinalIgnoreCase);
}
