namespace AppFlowLocal.Registry;

/// <summary>
/// Writes that must finish once they have started, whoever is still waiting for them. A client that
/// gives up (an SDK's read timeout, a closed connection) does not cancel its registration halfway: it
/// runs to its end (bounded by Lambda:Timeout and the commit), so a retry with the same clientToken
/// finds the outcome instead of a half-done call, and shutdown waits for these before storage closes.
/// </summary>
internal sealed class RunningOperations : IAsyncDisposable
{
    private readonly Lock gate = new();
    private readonly TaskCompletionSource drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int running;
    private bool stopping;

    /// <summary>Starts <paramref name="operation"/> detached from any caller's cancellation and tracks it until it ends.</summary>
    public Task<T> Run<T>(Func<Task<T>> operation)
    {
        lock (gate)
        {
            running++;
        }

        Task<T> task;
        try
        {
            task = operation();
        }
        catch (Exception e)
        {
            task = Task.FromException<T>(e);
        }

        _ = task.ContinueWith(static (_, state) => ((RunningOperations)state!).Ended(), this,
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return task;
    }

    /// <summary>Waits for the operations still running: disposed before storage, so their writes can still commit.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (gate)
        {
            stopping = true;
            if (running == 0)
            {
                drained.TrySetResult();
            }
        }

        await drained.Task.ConfigureAwait(false);
    }

    private void Ended()
    {
        lock (gate)
        {
            if (--running == 0 && stopping)
            {
                drained.TrySetResult();
            }
        }
    }
}
