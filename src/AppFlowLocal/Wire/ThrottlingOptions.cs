using System.ComponentModel.DataAnnotations;

namespace AppFlowLocal.Wire;

/// <summary>Per-account request rate on this node (section "Throttling"). Error messages follow the quoted value.</summary>
internal sealed class ThrottlingOptions
{
    public const string Section = "Throttling";

    /// <summary>Sustained requests per second per account and region; 0 (the default) turns throttling off.</summary>
    [Range(0d, 1_000_000d, ErrorMessage = "is not between 0 and 1000000")]
    public double RequestsPerSecond { get; set; }

    /// <summary>
    /// How many requests an account may send at once before the rate applies (the bucket's size). Unset:
    /// one second's worth, RequestsPerSecond rounded up. 0 turns throttling off, as for RequestsPerSecond.
    /// </summary>
    [Range(0, 1_000_000, ErrorMessage = "is not between 0 and 1000000")]
    public int? Burst { get; set; }

    public bool Enabled => RequestsPerSecond > 0 && Burst is not 0;

    public int BucketSize => Burst ?? (int)Math.Max(1, Math.Ceiling(RequestsPerSecond));
}
