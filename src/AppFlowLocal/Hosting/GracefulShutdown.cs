using AppFlowLocal.Connectors;

namespace AppFlowLocal.Hosting;

/// <summary>
/// Makes a graceful stop (SIGTERM, SIGINT) wait for the longest call a client can have in flight.
/// The host's default shutdown timeout (30 s) is shorter than a registration may take, and when it
/// runs out Kestrel drops the connections: a client would get no answer for a registration that may
/// still be committed. The timeout becomes Lambda:Timeout plus <see cref="CommitAllowance"/>, and is
/// never made shorter than the host was configured with (shutdownTimeoutSeconds).
/// </summary>
internal static class GracefulShutdown
{
    /// <summary>
    /// What a registration may still need once its function has answered: SQLite's busy timeout (30 s,
    /// how long a write waits for another writer, such as a second server over the same file), then
    /// its commit and the response.
    /// </summary>
    public static readonly TimeSpan CommitAllowance = TimeSpan.FromSeconds(35);

    public static IServiceCollection AddGracefulShutdownCoveringInvocations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HostOptions>().PostConfigure(host =>
        {
            var longest = LambdaTimeout(configuration) + CommitAllowance;
            if (longest > host.ShutdownTimeout)
            {
                host.ShutdownTimeout = longest;
            }
        });
        return services;
    }

    /// <summary>
    /// Read from configuration rather than from the bound LambdaOptions: the host reads its options
    /// while it is built, before start-up has checked the settings, and a value that does not bind or
    /// validate must reach that check instead of failing here. Such a value never runs, so any
    /// stand-in is fine; a valid one is the timeout the invoker will use.
    /// </summary>
    private static TimeSpan LambdaTimeout(IConfiguration configuration)
    {
        var configured = configuration[$"{LambdaOptions.SectionName}:{nameof(LambdaOptions.Timeout)}"];
        return Durations.TryParse(configured, out var timeout)
            && timeout > TimeSpan.Zero && timeout <= LambdaOptions.MaxTimeout
            ? timeout
            : new LambdaOptions().Timeout;
    }
}
