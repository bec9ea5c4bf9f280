using System.ComponentModel.DataAnnotations;

namespace AppFlowLocal.Wire;

/// <summary>
/// How many failed authentications (a wrong signature, an unknown access key or session token, a refused
/// console login) are allowed before further attempts are refused unverified (section "Auth:FailedAttempts").
/// Each allowance is a bucket that fills again at <see cref="RefillPerMinute"/>. Error messages follow the quoted value.
/// </summary>
internal sealed class FailedAttemptOptions
{
    public const string Section = "Auth:FailedAttempts";

    /// <summary>Failures one source address (an IPv6 address's /64) may make at once; past them its attempts are refused, right or wrong.</summary>
    [Range(1, 1_000_000, ErrorMessage = "is not between 1 and 1000000")]
    public int PerSource { get; set; } = 20;

    /// <summary>
    /// Failures one configured access key may take, from all addresses together, before it counts as under attack:
    /// from then on one more failure for it spends its address's whole allowance. A correct signature or login
    /// from an address with allowance left is still accepted.
    /// </summary>
    [Range(1, 1_000_000, ErrorMessage = "is not between 1 and 1000000")]
    public int PerAccessKey { get; set; } = 20;

    /// <summary>How many failures each bucket forgives per minute.</summary>
    [Range(0.000001, 1_000_000d, ErrorMessage = "is not between 0.000001 and 1000000")]
    public double RefillPerMinute { get; set; } = 2;

    /// <summary>How many source addresses with recent failures are remembered; past this the one that failed longest ago is forgotten.</summary>
    [Range(1, 10_000_000, ErrorMessage = "is not between 1 and 10000000")]
    public int TrackedSources { get; set; } = 10_000;
}
