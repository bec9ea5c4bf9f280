namespace AppFlowLocal.Hosting;

/// <summary>
/// The server cannot start as configured. Each problem reads "&lt;setting or file&gt;: &lt;problem&gt;";
/// <see cref="ServerStartup"/> prints them, one line each, and exits with <see cref="ServerStartup.RefusedExitCode"/>.
/// </summary>
internal sealed class StartupRefusedException(IReadOnlyList<string> problems) : Exception(string.Join(Environment.NewLine, problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;

    /// <summary>Throws when there is anything to refuse.</summary>
    public static void ThrowIfAny(IReadOnlyList<string> problems)
    {
        if (problems.Count > 0)
        {
            throw new StartupRefusedException(problems);
        }
    }
}
