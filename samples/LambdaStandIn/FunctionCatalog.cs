using System.Collections.Concurrent;

namespace LambdaStandIn;

/// <summary>
/// The functions the stand-in serves, by plain name, and what each of them has been asked. Tests
/// program it in-process; humans through <c>PUT /_standin/functions/{name}</c>.
/// </summary>
public sealed class FunctionCatalog
{
    private readonly ConcurrentDictionary<string, DeployedFunction> functions = new(StringComparer.Ordinal);

    /// <param name="includeBuiltIns">Whether to start with the functions of <see cref="BuiltInFunctions"/>.</param>
    public FunctionCatalog(bool includeBuiltIns = true)
    {
        if (includeBuiltIns)
        {
            BuiltInFunctions.AddTo(this);
        }
    }

    /// <summary>How long <see cref="BuiltInFunctions.Slow"/> takes to answer (default 5 s).</summary>
    public TimeSpan SlowDelay { get; set; } = TimeSpan.FromSeconds(5);

    public IReadOnlyList<string> Names => [.. functions.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Deploys (or replaces) a function; replacing starts its invocation count again from zero.</summary>
    public void Set(string name, Func<FunctionInvocation, CancellationToken, Task<FunctionResponse>> handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(handler);
        functions[name] = new DeployedFunction(name, handler);
    }

    /// <summary>Deploys a function that always gives the same answer.</summary>
    public void Set(string name, FunctionResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        Set(name, (_, _) => Task.FromResult(response));
    }

    /// <summary>Deploys a function whose handler returns <paramref name="payload"/> (normally JSON).</summary>
    public void SetPayload(string name, string payload) => Set(name, FunctionResponse.Payload(payload));

    public bool Remove(string name) => functions.TryRemove(name, out _);

    /// <summary>Null when no function of that name is deployed.</summary>
    public FunctionActivity? Activity(string name) => functions.TryGetValue(name, out var function) ? function.Activity() : null;

    /// <summary>Counts the invocation and hands back the handler to run; null when no such function is deployed.</summary>
    internal Func<FunctionInvocation, CancellationToken, Task<FunctionResponse>>? Record(FunctionInvocation invocation)
    {
        if (!functions.TryGetValue(invocation.FunctionName, out var function))
        {
            return null;
        }

        function.Record(invocation);
        return function.Handler;
    }

    private sealed class DeployedFunction(string name, Func<FunctionInvocation, CancellationToken, Task<FunctionResponse>> handler)
    {
        private readonly Lock gate = new();
        private int invocations;
        private FunctionInvocation? last;

        public Func<FunctionInvocation, CancellationToken, Task<FunctionResponse>> Handler { get; } = handler;

        public void Record(FunctionInvocation invocation)
        {
            lock (gate)
            {
                invocations++;
                last = invocation;
            }
        }

        public FunctionActivity Activity()
        {
            lock (gate)
            {
                return new FunctionActivity(name, invocations, last);
            }
        }
    }
}
