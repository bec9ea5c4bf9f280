namespace AppFlowLocal.Wire;

/// <summary>
/// Which names <c>open</c> mode answers to (section "Auth"), checked at start-up by <see cref="HostNameOptionsValidator"/>.
/// Loopback names and IP addresses are always answered; these are the names a team puts in front of the server.
/// </summary>
internal sealed class HostNameOptions
{
    public const string Section = "Auth";

    public const string Setting = $"{Section}:{nameof(AllowedHosts)}";

    /// <summary><c>;</c>-separated host names (no port), <c>*.example.com</c> for every name under one, or <c>*</c> for any name.</summary>
    public string? AllowedHosts { get; set; }

    /// <summary>The entries of <see cref="AllowedHosts"/>, trimmed, without empty ones.</summary>
    public IReadOnlyList<string> Entries =>
        (AllowedHosts ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
