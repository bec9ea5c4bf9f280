namespace AppFlowLocal.Tests.Infrastructure;

/// <summary>One invocation of a stand-in function, held until the test lets it answer.</summary>
internal sealed class HeldInvocation
{
    private readonly TaskCompletionSource arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Completes when the invocation has reached the function (the server is now waiting for it); fails
    /// rather than hangs the suite when it never comes.
    /// </summary>
    public Task Arrived => arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));

    public Task Released => released.Task;

    public void Release() => released.TrySetResult();

    internal void Arrive() => arrived.TrySetResult();
}
