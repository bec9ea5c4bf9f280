using System.ComponentModel.DataAnnotations;

namespace AppFlowLocal.Registry;

/// <summary>
/// The key that seals connector-profile credentials at rest (section "Secrets"). Error messages follow
/// the quoted value: "'' is not ...".
/// </summary>
internal sealed class SecretsOptions
{
    public const string Section = "Secrets";

    /// <summary>
    /// 32 random bytes in base64 (<c>openssl rand -base64 32</c>). Nodes over one PostgreSQL database
    /// must share it. When absent the key is read from <see cref="KeyFile"/>, which is created on first use.
    /// </summary>
    [RegularExpression("^[A-Za-z0-9+/]{43}=$", ErrorMessage = "is not a key: expected 32 bytes in base64 (44 characters), e.g. from openssl rand -base64 32")]
    public string? Key { get; set; }

    /// <summary>Where a generated key is kept; by default beside the SQLite database (or in the working folder for PostgreSQL).</summary>
    public string? KeyFile { get; set; }
}
