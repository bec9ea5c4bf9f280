namespace AppFlowLocal.Hosting;

/// <summary>Whether the server has finished starting; read by a logging filter on every message of one category.</summary>
internal sealed class StartupPhase
{
    private volatile bool started;

    public bool HasStarted => started;

    public void Started() => started = true;
}
