using System.ComponentModel.DataAnnotations;

namespace AppFlowLocal.Registry;

/// <summary>Business limits (section "Registry").</summary>
internal sealed class RegistryOptions
{
    public const string Section = "Registry";

    /// <summary>How many connectors one account may register in one region.</summary>
    [Range(1, 1_000_000, ErrorMessage = "Registry:MaxConnectorsPerAccount must be between 1 and 1000000.")]
    public int MaxConnectorsPerAccount { get; set; } = 100;

    /// <summary>How long a clientToken replays its first response (8 hours, as AWS documents for AppFlow).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00", ErrorMessage = "Registry:IdempotencyLifetime must be between 00:00:01 and 30.00:00:00.")]
    public TimeSpan IdempotencyLifetime { get; set; } = TimeSpan.FromHours(8);
}
