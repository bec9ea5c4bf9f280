using System.ComponentModel.DataAnnotations;

namespace AppFlowLocal.Observability;

/// <summary>What the console keeps (section "Console").</summary>
internal sealed class ConsoleOptions
{
    public const string Section = "Console";

    /// <summary>How many version-history entries are kept per connector registration.</summary>
    [Range(1, 100_000, ErrorMessage = "is not between 1 and 100000")]
    public int HistoryLimit { get; set; } = 100;

    /// <summary>How many recent invocations each function's log keeps on this node.</summary>
    [Range(1, 10_000, ErrorMessage = "is not between 1 and 10000")]
    public int InvocationLimit { get; set; } = 50;

    /// <summary>How many functions the invocation log follows; the one invoked longest ago makes room for a new one.</summary>
    [Range(1, 100_000, ErrorMessage = "is not between 1 and 100000")]
    public int InvocationLogFunctions { get; set; } = 1000;

    /// <summary>How long a console login lasts in sigv4 mode before the browser must log in again.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00", ErrorMessage = "is not between 00:01:00 and 30.00:00:00")]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>
    /// How many console logins one access key keeps at once in sigv4 mode; its oldest makes room for a new
    /// one. Per key, so that no key's logins can end another's: at most this many times the number of
    /// configured credentials are ever held.
    /// </summary>
    [Range(1, 10_000, ErrorMessage = "is not between 1 and 10000")]
    public int SessionsPerAccessKey { get; set; } = 100;
}
