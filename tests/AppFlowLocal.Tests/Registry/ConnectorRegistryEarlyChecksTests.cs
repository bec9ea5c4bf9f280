using System.Reflection;
using AppFlowLocal.Connectors;
using AppFlowLocal.Model;
using AppFlowLocal.Observability;
using AppFlowLocal.Registry;
using AppFlowLocal.Storage;
using AppFlowLocal.Storage.Sqlite;
using Microsoft.Extensions.Options;

namespace AppFlowLocal.Tests.Registry;

/// <summary>
/// Where a store claims a token before looking (PostgreSQL), a registration's early checks are fetched beside the
/// claim, not after it; a token this node decided lately is most likely a retry, and fetches nothing beside its claim.
/// Over the real SQLite store, seen through a proxy that claims first and records the order of the calls.
/// </summary>
public sealed class ConnectorRegistryEarlyChecksTests : IAsyncLifetime
{
    private static readonly Caller Caller = new("123456789012", "us-east-1", "arn:aws:iam::123456789012:root");
    private const string Function = "arn:aws:lambda:us-east-1:123456789012:function:f";
    private readonly string directory = Directory.CreateTempSubdirectory("appflow-early-").FullName;
    private readonly RunningOperations operations = new();
    private SqliteRegistryStore inner = null!;
    private RecordingStore store = null!;
    private ConnectorRegistry registry = null!;

    public async Task InitializeAsync()
    {
        inner = new SqliteRegistryStore(Options.Create(new StorageOptions { ConnectionString = Path.Combine(directory, "early.db") }));
        await inner.InitializeAsync(CancellationToken.None);
        store = RecordingStore.Over(inner);
        var registryOptions = Options.Create(new RegistryOptions { IdempotencyLifetime = TimeSpan.FromHours(8), MaxConnectorsPerAccount = 100 });
        var console = Options.Create(new ConsoleOptions());
        registry = new ConnectorRegistry((IRegistryStore)(object)store, FixedConfiguration.Create(), new IdempotencyLedger((IRegistryStore)(object)store, operations,
            TimeProvider.System, registryOptions, IdempotencyLedgerTests.Fingerprints), operations, TimeProvider.System, registryOptions, Options.Create(new LambdaOptions()),
            new InvocationLog(console, TimeProvider.System), console);
    }

    public async Task DisposeAsync()
    {
        await operations.DisposeAsync();
        await inner.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task A_new_token_fetches_the_early_checks_while_its_claim_is_out()
    {
        // The claim waits for the early checks to begin: fetched after the claim, they never would (the claim gives up after 5 s).
        store.ClaimWaitsForEarlyChecks = true;

        await registry.RegisterAsync(Caller, Change("beside", "token-beside"), CancellationToken.None);

        Assert.Equal(["RegistrableAsync", "ClaimTokenAsync"], store.Calls.Where(c => c is "RegistrableAsync" or "ClaimTokenAsync"));
        Assert.False(store.ClaimGaveUpWaiting);
    }

    [Fact]
    public async Task A_retry_of_a_token_decided_here_fetches_nothing_beside_its_claim()
    {
        var change = Change("retried", "token-retried");
        var arn = await registry.RegisterAsync(Caller, change, CancellationToken.None);
        var checks = store.Calls.Count(c => c == "RegistrableAsync");

        Assert.Equal(arn, await registry.RegisterAsync(Caller, change, CancellationToken.None));

        Assert.Equal(1, checks);
        Assert.Equal(checks, store.Calls.Count(c => c == "RegistrableAsync"));
    }

    [Fact]
    public async Task A_call_the_early_checks_refuse_is_refused_and_invokes_nothing()
    {
        await registry.RegisterAsync(Caller, Change("taken", "token-first"), CancellationToken.None);

        var refused = await Assert.ThrowsAsync<AppFlowException>(() => registry.RegisterAsync(Caller, Change("taken", "token-second"), CancellationToken.None));

        Assert.Equal(AwsErrorCode.ConflictException, refused.Code);
        Assert.Equal(1, FixedConfiguration.Invocations("taken"));
    }

    private static ConnectorRegistrationChange Change(string label, string token) => new(label, null, $"{Function}-{label}", token, $"fingerprint-{label}");

    /// <summary>The store, claiming before it looks, with every call recorded in the order it began.</summary>
    public class RecordingStore : DispatchProxy
    {
        private readonly TaskCompletionSource earlyChecks = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private IRegistryStore target = null!;

        public List<string> Calls { get; } = [];

        public bool ClaimWaitsForEarlyChecks { get; set; }

        public bool ClaimGaveUpWaiting { get; private set; }

        internal static RecordingStore Over(IRegistryStore target)
        {
            var proxy = Create<IRegistryStore, RecordingStore>();
            var recording = (RecordingStore)(object)proxy;
            recording.target = target;
            return recording;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(targetMethod);
            if (targetMethod.Name == "get_" + nameof(IRegistryStore.ClaimsBeforeLooking))
            {
                return true;
            }

            lock (Calls)
            {
                Calls.Add(targetMethod.Name);
            }

            if (targetMethod.Name == nameof(IRegistryStore.RegistrableAsync))
            {
                earlyChecks.TrySetResult();
            }

            if (targetMethod.Name == nameof(IRegistryStore.ClaimTokenAsync) && ClaimWaitsForEarlyChecks)
            {
                return ClaimAfterEarlyChecksAsync(targetMethod, args);
            }

            return targetMethod.Invoke(target, args);
        }

        private async Task<IdempotencyRecord?> ClaimAfterEarlyChecksAsync(MethodInfo claim, object?[]? args)
        {
            try
            {
                await earlyChecks.Task.WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (TimeoutException)
            {
                ClaimGaveUpWaiting = true;
            }

            return await (Task<IdempotencyRecord?>)claim.Invoke(target, args)!;
        }
    }

    /// <summary>A connector function that describes itself the same way every time, counting invocations per function.</summary>
    public class FixedConfiguration : DispatchProxy
    {
        private static readonly Dictionary<string, int> Counts = [];

        internal static IConnectorInvoker Create() => Create<IConnectorInvoker, FixedConfiguration>();

        internal static int Invocations(string label)
        {
            lock (Counts)
            {
                return Counts.GetValueOrDefault($"{Function}-{label}");
            }
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod?.Name != nameof(IConnectorInvoker.DescribeConnectorConfigurationAsync))
            {
                throw new NotSupportedException(targetMethod?.Name);
            }

            lock (Counts)
            {
                var function = (string)args![0]!;
                Counts[function] = Counts.GetValueOrDefault(function) + 1;
            }

            return Task.FromResult(new ConnectorConfiguration { ConnectorName = "n", ConnectorVersion = "1", ConnectorModes = ["SOURCE"] });
        }
    }
}
