using AppFlowLocal.Model;
using AppFlowLocal.Observability;
using Microsoft.Extensions.Options;

namespace AppFlowLocal.Registry;

/// <summary>
/// The latest invocations of each connector function per account and region (a caller sees only the
/// invocations made on its own behalf), in this node's memory only (the issue asks for
/// nothing durable, and a log written on every invocation would cost a write per read of a connector).
/// A failed registration stores nothing, so this is the one place its author can see why it failed.
/// Bounded twice: entries per function, and functions followed.
/// </summary>
internal sealed class InvocationLog(IOptions<ConsoleOptions> options, TimeProvider time)
{
    private readonly Dictionary<(RegistryScope, string), LinkedList<InvocationRecord>> byFunction = [];

    // Functions by last invocation, oldest first: the one to forget when the log follows too many.
    private readonly LinkedList<(RegistryScope, string)> recency = new();
    private readonly Dictionary<(RegistryScope, string), LinkedListNode<(RegistryScope, string)>> recencyNodes = [];

    /// <summary>
    /// Runs one invocation of <paramref name="function"/> and logs its outcome under the caller's scope,
    /// failures above all: a call that failed stored nothing, and the log is where its author sees why.
    /// </summary>
    /// <param name="requestType">The SDK request type(s) the call sends.</param>
    public async Task<T> RecordAsync<T>(RegistryScope scope, string function, string operation, string label, string requestType,
        Func<Task<T>> invoke, Func<T, (string Outcome, string? Error)>? judge = null)
    {
        var startedAt = time.GetUtcNow();
        var started = time.GetTimestamp();
        try
        {
            var result = await invoke();
            var (outcome, error) = judge?.Invoke(result) ?? (AppFlowMetrics.Success, null);
            Add(new InvocationRecord(scope, function, operation, label, requestType, startedAt, outcome, time.GetElapsedTime(started), error));
            return result;
        }
        catch (AppFlowException failure)
        {
            Add(new InvocationRecord(scope, function, operation, label, requestType, startedAt, failure.Code.ToString(), time.GetElapsedTime(started), failure.Message));
            throw;
        }
    }

    /// <inheritdoc cref="RecordAsync{T}"/>
    public Task RecordAsync(RegistryScope scope, string function, string operation, string label, string requestType, Func<Task> invoke) =>
        RecordAsync(scope, function, operation, label, requestType, async () =>
        {
            await invoke();
            return true;
        });

    public void Add(InvocationRecord record)
    {
        var limits = options.Value;
        var key = (record.Scope, record.Function);
        lock (byFunction)
        {
            if (!byFunction.TryGetValue(key, out var entries))
            {
                if (byFunction.Count >= limits.InvocationLogFunctions && recency.First is { } oldest)
                {
                    byFunction.Remove(oldest.Value);
                    recencyNodes.Remove(oldest.Value);
                    recency.RemoveFirst();
                }

                entries = new LinkedList<InvocationRecord>();
                byFunction[key] = entries;
                recencyNodes[key] = recency.AddLast(key);
            }
            else
            {
                var node = recencyNodes[key];
                recency.Remove(node);
                recency.AddLast(node);
            }

            entries.AddFirst(record);
            while (entries.Count > limits.InvocationLimit)
            {
                entries.RemoveLast();
            }
        }
    }

    /// <summary>The function's invocations for the scope on this node, newest first.</summary>
    public IReadOnlyList<InvocationRecord> For(RegistryScope scope, string function)
    {
        lock (byFunction)
        {
            return byFunction.TryGetValue((scope, function), out var entries) ? [.. entries] : [];
        }
    }

    /// <summary>
    /// The latest invocations of every function on this node, newest first, of one account (every region)
    /// or, when <paramref name="account"/> is null, of every account: the console's view, where a failed
    /// registration shows although no connector holds its function.
    /// </summary>
    public IReadOnlyList<InvocationRecord> Latest(string? account, int limit)
    {
        lock (byFunction)
        {
            return [.. byFunction
                .Where(entry => account is null || entry.Key.Item1.Account == account)
                .SelectMany(entry => entry.Value)
                .OrderByDescending(record => record.StartedAt)
                .Take(limit)];
        }
    }
}
