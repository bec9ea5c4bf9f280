using System.ComponentModel.DataAnnotations;

namespace AppFlowLocal.Registry;

/// <summary>Business limits (section "Registry"). Error messages follow the quoted value: "'0' is not ...".</summary>
internal sealed class RegistryOptions
{
    public const string Section = "Registry";

    /// <summary>How many connectors one account may register in one region.</summary>
    [Range(1, 1_000_000, ErrorMessage = "is not between 1 and 1000000")]
    public int MaxConnectorsPerAccount { get; set; } = 100;

    /// <summary>How many connector profiles one account may have in one region (AppFlow's soft quota: 100 per account).</summary>
    [Range(1, 1_000_000, ErrorMessage = "is not between 1 and 1000000")]
    public int MaxConnectorProfilesPerAccount { get; set; } = 100;

    /// <summary>How long a clientToken replays its first response (8 hours, as AWS documents for AppFlow).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00", ErrorMessage = "is not between 00:00:01 and 30.00:00:00")]
    public TimeSpan IdempotencyLifetime { get; set; } = TimeSpan.FromHours(8);
}
