using System.Collections.Concurrent;
using LambdaStandIn;

namespace AppFlowLocal.Tests.Infrastructure;

/// <summary>
/// The sample Lambda stand-in (samples/LambdaStandIn), a real HTTP server speaking the Invoke API,
/// hosted in the test process so tests can program functions and count their invocations.
/// </summary>
internal sealed class LambdaStandInHost : IAsyncDisposable
{
    public const string Account = "123456789012";

    private readonly LambdaStandInServer server;
    private readonly ConcurrentDictionary<string, Programmed> programmed = new();
    private int nextFunction;

    private LambdaStandInHost(LambdaStandInServer server)
    {
        this.server = server;
    }

    public static class Functions
    {
        public const string SamplePython = BuiltInFunctions.PythonSdk;
        public const string SampleJava = BuiltInFunctions.JavaSdk;
        public const string Throws = BuiltInFunctions.Throwing;
        public const string InvalidCredentials = BuiltInFunctions.InvalidCredentials;
        public const string OtherError = BuiltInFunctions.ServerError;
        public const string Slow = BuiltInFunctions.Slow;
        public const string InvalidConfiguration = BuiltInFunctions.InvalidConfiguration;
        public const string NotJson = BuiltInFunctions.NonJson;
        public const string Throttled = BuiltInFunctions.Throttled;
        public const string Denied = BuiltInFunctions.AccessDenied;
        public const string Missing = "no-such-function";
    }

    public Uri Endpoint => server.Endpoint;

    public static async Task<LambdaStandInHost> StartAsync()
    {
        var server = await LambdaStandInServer.StartAsync();
        // A timeout must not depend on how fast the machine is: Slow answers after the longest Lambda:Timeout a
        // test sets, so it times out in every test that calls it, however slow the machine.
        server.Functions.SlowDelay = TimeSpan.FromMinutes(10);
        return new(server);
    }

    public string Arn(string function, string region = "us-east-1") => $"arn:aws:lambda:{region}:{Account}:function:{function}";

    /// <summary>A minimal valid DescribeConnectorConfigurationResponse as the Python SDK writes it.</summary>
    public static string Configuration(string version, string name = "TestConnector") => $$"""
        {"type":"DescribeConnectorConfigurationResponse","isSuccess":true,"errorDetails":null,
         "connectorOwner":"Tests","connectorName":"{{name}}","connectorVersion":"{{version}}",
         "connectorModes":["SOURCE"],"authenticationConfig":null,"connectorRuntimeSetting":null,
         "supportedApiVersions":["v1"],"operatorsSupported":null,"triggerFrequenciesSupported":null,
         "supportedTriggerTypes":null,"supportedWriteOperations":null,"logoURL":null}
        """;

    /// <summary>Deploys a new function no other test uses; it answers <paramref name="payload"/>.</summary>
    public string NewFunction(string payload, TimeSpan? delay = null)
    {
        var name = $"test-function-{Interlocked.Increment(ref nextFunction)}";
        var state = programmed.GetOrAdd(name, _ => new Programmed());
        state.Response = FunctionResponse.Payload(payload);
        state.Delay = delay ?? TimeSpan.Zero;
        server.Functions.Set(name, async (_, cancellationToken) =>
        {
            // The answer is decided when the invocation arrives: a held invocation answers what the
            // function said then, however it is redefined while held (as a deployed version would).
            var response = state.Response;
            if (state.NextHold() is { } hold)
            {
                hold.Arrive();
                await hold.Released.WaitAsync(cancellationToken);
            }

            await Task.Delay(state.Delay, cancellationToken);
            return response;
        });
        return name;
    }

    /// <summary>
    /// Makes the function's next invocation wait until the test releases it: a slow function whose
    /// slowness the test controls, to put other calls exactly inside its invocation.
    /// </summary>
    public HeldInvocation HoldNext(string function)
    {
        var hold = new HeldInvocation();
        programmed[function].Holds.Enqueue(hold);
        return hold;
    }

    /// <summary>Changes what a function from <see cref="NewFunction"/> answers, keeping its invocation count.</summary>
    public void Define(string function, string payload) => programmed[function].Response = FunctionResponse.Payload(payload);

    /// <summary>Makes the function throw, as a handler raising an exception does under Lambda.</summary>
    public void DefineUnhandledError(string function) =>
        programmed[function].Response = FunctionResponse.Unhandled("RuntimeError", "Exception while processing the request", "handler.py line 12");

    /// <summary>
    /// Deploys a new function that Lambda throttles (429 TooManyRequestsException) on its first
    /// invocation and that answers <paramref name="payload"/> from the second on: what an SDK's own
    /// retry of a throttled call meets.
    /// </summary>
    public string NewFunctionThrottledOnce(string payload)
    {
        var name = $"test-function-{Interlocked.Increment(ref nextFunction)}";
        var invocations = 0;
        server.Functions.Set(name, (_, _) => Task.FromResult(
            Interlocked.Increment(ref invocations) == 1 ? FunctionResponse.Throttled() : FunctionResponse.Payload(payload)));
        return name;
    }

    public int Invocations(string function) => server.Functions.Activity(function)?.Invocations ?? 0;

    public string? LastAuthorization(string function) =>
        server.Functions.Activity(function)?.LastInvocation?.Headers.GetValueOrDefault("Authorization");

    public string? LastBody(string function) => server.Functions.Activity(function)?.LastInvocation?.Body;

    public ValueTask DisposeAsync() => server.DisposeAsync();

    private sealed class Programmed
    {
        public volatile FunctionResponse Response = FunctionResponse.Payload("{}");

        public TimeSpan Delay;

        public ConcurrentQueue<HeldInvocation> Holds { get; } = new();

        public HeldInvocation? NextHold() => Holds.TryDequeue(out var hold) ? hold : null;
    }
}
