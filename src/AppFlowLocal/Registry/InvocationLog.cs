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
internal sealed class InvocationLog(IOptions<ConsoleOptions> options)
{
    private readonly Dictionary<(RegistryScope, string), LinkedList<InvocationRecord>> byFunction = [];

    // Functions by last invocation, oldest first: the one to forget when the log follows too many.
    private readonly LinkedList<(RegistryScope, string)> recency = new();
    private readonly Dictionary<(RegistryScope, string), LinkedListNode<(RegistryScope, string)>> recencyNodes = [];

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
}
