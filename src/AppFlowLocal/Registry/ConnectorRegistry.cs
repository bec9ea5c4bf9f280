using System.Text.Json;
using AppFlowLocal.Connectors;
using AppFlowLocal.Model;
using AppFlowLocal.Observability;
using AppFlowLocal.Storage;
using Microsoft.Extensions.Options;

namespace AppFlowLocal.Registry;

/// <summary>
/// The domain of custom-connector registrations (README, "Retries, concurrent changes and what the server guarantees"):
/// who may register what, what a registration holds, and when calls are replayed rather than run.
/// </summary>
internal sealed class ConnectorRegistry(
    IRegistryStore store,
    IConnectorInvoker connectors,
    IdempotencyLedger ledger,
    RunningOperations operations,
    TimeProvider time,
    IOptions<RegistryOptions> options,
    IOptions<LambdaOptions> lambda,
    InvocationLog invocations,
    IOptions<ConsoleOptions> console)
{
    public const string ProvisioningTypeLambda = "LAMBDA";
    public const string CustomConnectorType = "CustomConnector";

    /// <summary>The invocation log's name for the check route's invocations, and their outcome when registration would refuse the configuration.</summary>
    public const string CheckOperation = "CheckConnector";

    public const string NotRegistrable = "NotRegistrable";

    private const string RegisterOperation = "RegisterConnector";

    /// <summary>
    /// How long a clientToken claim outlives its invocation, for the commit. Shorter than the graceful
    /// stop's allowance (which covers SQLite's whole busy wait): a commit that overruns the lease costs at
    /// most a second invocation by a retry that took the token over, never a second write, while a
    /// shorter lease lets a retry after a crash go ahead sooner.
    /// </summary>
    private static readonly TimeSpan LeaseBeyondInvocation = TimeSpan.FromSeconds(10);

    /// <returns>The connector's ARN.</returns>
    /// <param name="cancellationToken">Stops waiting for the outcome; a registration that has started runs to its end.</param>
    public Task<string> RegisterAsync(Caller caller, ConnectorRegistrationChange change, CancellationToken cancellationToken)
    {
        var scope = ScopeOf(caller);
        var quota = options.Value.MaxConnectorsPerAccount;

        // Where a token's claim is a round trip of its own (IRegistryStore.ClaimsBeforeLooking), the early checks
        // travel beside it rather than after it: a new token, what the SDKs send on every call, costs one round
        // trip less (bench/README). Not for a token this node decided lately: that call is most likely a retry,
        // which the claim answers alone, and the read would be wasted on it.
        var early = change.ClientToken is { } token && store.ClaimsBeforeLooking
            && !ledger.DecidedLately(new IdempotencyKey(scope, RegisterOperation, token))
            ? Observed(store.RegistrableAsync(scope, change.Label, quota, CancellationToken.None))
            : null;
        return Tokened(scope, RegisterOperation, change, async claim =>
        {
            // Refused early so a doomed call invokes nothing; the write checks both again atomically. The checks
            // fetched beside the claim may be older than the claim's decision (it may have waited for another call
            // with the token): what they saw was still the state during this call.
            var (registered, count) = await (Interlocked.Exchange(ref early, null) ?? store.RegistrableAsync(scope, change.Label, quota, CancellationToken.None));
            if (registered)
            {
                throw AlreadyRegistered(scope, change.Label);
            }

            if (count >= quota)
            {
                throw QuotaExceeded(scope, quota);
            }

            var lambdaArn = change.LambdaArn ?? throw new InvalidOperationException("A registration names its function.");
            var configuration = await DescribeLoggedAsync(scope, RegisterOperation, change.Label, lambdaArn);
            var registration = new ConnectorRegistration(
                scope,
                NewId(),
                Revision: 1,
                change.Label,
                ArnOf(scope, change.Label),
                change.Description,
                ProvisioningTypeLambda,
                lambdaArn,
                TruncateToMilliseconds(time.GetUtcNow()),
                caller.Arn,
                configuration);
            var history = History(ConnectorHistoryEntry.Registered, caller, lambdaArn, configuration.ConnectorVersion, ["lambdaArn", "description", "connectorVersion", "configuration"]);
            var outcome = await store.InsertAsync(registration, quota, claim?.Complete(registration.Arn), history, CancellationToken.None);
            return outcome switch
            {
                StoreWriteOutcome.Written => registration.Arn,
                StoreWriteOutcome.LabelExists => throw AlreadyRegistered(scope, change.Label),
                StoreWriteOutcome.QuotaExceeded => throw QuotaExceeded(scope, quota),
                StoreWriteOutcome.TokenTaken => throw new TokenTakenException(),
                _ => throw new InvalidOperationException($"Unexpected store outcome {outcome}."),
            };
        }, cancellationToken);
    }

    /// <summary>
    /// Applies the change to the registration as it was read, or not at all: the write is a
    /// compare-and-swap on the registration's id and revision, so a change made meanwhile (another
    /// update, an unregister and a new registration of the label) is never overwritten. The update then
    /// fails with ConflictException rather than run again, because the caller asked for a change to the
    /// registration it knew, and silently applying it to another would be the lost update itself.
    /// </summary>
    /// <returns>The connector's ARN.</returns>
    public Task<string> UpdateAsync(Caller caller, ConnectorRegistrationChange change, CancellationToken cancellationToken)
    {
        var scope = ScopeOf(caller);
        return Tokened(scope, "UpdateConnectorRegistration", change, async claim =>
        {
            var current = await store.FindForWriteAsync(scope, change.Label, CancellationToken.None) ?? throw NotRegistered(scope, change.Label);

            // Without a new function the current one is asked again, so the registration picks up
            // whatever version of the connector that function now runs.
            var lambdaArn = change.LambdaArn ?? current.LambdaArn;
            var configuration = await DescribeLoggedAsync(scope, "UpdateConnectorRegistration", change.Label, lambdaArn);
            var updated = current with
            {
                LambdaArn = lambdaArn,
                Description = change.Description ?? current.Description,
                Configuration = configuration,
            };
            var history = History(ConnectorHistoryEntry.Updated, caller, lambdaArn, configuration.ConnectorVersion, ChangesBetween(current, updated));
            var outcome = await store.ReplaceAsync(updated, claim?.Complete(updated.Arn), history, CancellationToken.None);
            return outcome switch
            {
                StoreWriteOutcome.Written => updated.Arn,
                StoreWriteOutcome.NotFound => throw NotRegistered(scope, change.Label),
                StoreWriteOutcome.Stale => throw ChangedMeanwhile(change.Label),
                StoreWriteOutcome.TokenTaken => throw new TokenTakenException(),
                _ => throw new InvalidOperationException($"Unexpected store outcome {outcome}."),
            };
        }, cancellationToken);
    }

    public async Task<ConnectorRegistration> DescribeAsync(Caller caller, string label, CancellationToken cancellationToken)
    {
        var scope = ScopeOf(caller);
        return await store.FindAsync(scope, label, cancellationToken) ?? throw NotRegistered(scope, label);
    }

    public async Task<RegistrationPage> ListAsync(Caller caller, string operation, int pageSize, string? nextToken, CancellationToken cancellationToken)
    {
        var scope = ScopeOf(caller);
        var secret = await store.GetSecretAsync(cancellationToken);
        var after = nextToken is null ? null : PageTokens.Read(secret, scope, operation, nextToken);

        // One more than asked for tells whether another page exists without a second query.
        var rows = await store.ListAsync(scope, after, pageSize + 1, cancellationToken);
        if (rows.Count <= pageSize)
        {
            return new RegistrationPage(rows, null, rows as KeptRows);
        }

        var page = rows.Take(pageSize).ToList();
        return new RegistrationPage(page, PageTokens.Issue(secret, scope, operation, page[^1].Label), rows as KeptRows);
    }

    /// <summary>
    /// Invokes the registered connector's function as a registration would and reports every problem of its
    /// configuration; changes nothing. Logged like a registration's invocation, a configuration that
    /// registration would refuse as a failure.
    /// </summary>
    public async Task<ConnectorCheckReport> CheckAsync(Caller caller, string label, CancellationToken cancellationToken)
    {
        var registration = await DescribeAsync(caller, label, cancellationToken);
        return await invocations.RecordAsync(ScopeOf(caller), registration.LambdaArn, CheckOperation, label, DescribeConnectorConfigurationRequest.TypeName,
            () => connectors.CheckConnectorConfigurationAsync(registration.LambdaArn, cancellationToken),
            report => report.Registrable
                ? (AppFlowMetrics.Success, null)
                : (NotRegistrable, string.Join("; ", report.Errors.Select(error => $"{error.Member}: {error.Message}"))));
    }

    /// <param name="force">Unregisters a connector that connector profiles use, deleting them (and their secrets) with it.</param>
    public async Task UnregisterAsync(Caller caller, string label, bool force, CancellationToken cancellationToken)
    {
        var scope = ScopeOf(caller);
        var outcome = await store.DeleteAsync(scope, label, force, History(ConnectorHistoryEntry.Unregistered, caller, null, null, []), cancellationToken);
        switch (outcome)
        {
            case StoreWriteOutcome.Written:
                return;
            case StoreWriteOutcome.NotFound:
                throw NotRegistered(scope, label);
            case StoreWriteOutcome.InUse:
                throw new AppFlowException(AwsErrorCode.ConflictException,
                    $"Connector {label} is in use by one or more connector profiles; delete them first, or unregister with forceDelete to delete them with it.");
            default:
                throw new InvalidOperationException($"Unexpected store outcome {outcome}.");
        }
    }

    /// <summary>The label's latest registration's history, newest first; empty when the label was never registered.</summary>
    public Task<IReadOnlyList<ConnectorHistoryEntry>> HistoryAsync(Caller caller, string label, CancellationToken cancellationToken) =>
        store.ListHistoryAsync(ScopeOf(caller), label, cancellationToken);

    /// <summary>The function's latest invocations for the caller's account and region, on this node, newest first.</summary>
    public IReadOnlyList<InvocationRecord> RecentInvocations(Caller caller, string lambdaArn) => invocations.For(ScopeOf(caller), lambdaArn);

    /// <summary>The scopes holding registrations, of one account or (null) of every account.</summary>
    public Task<IReadOnlyList<ScopeSummary>> ScopesAsync(string? account, CancellationToken cancellationToken) =>
        store.ListScopesAsync(account, cancellationToken);

    /// <summary>The latest invocations on this node of one account's functions (every region) or, with null, of every account's.</summary>
    public IReadOnlyList<InvocationRecord> LatestInvocations(string? account, int limit) => invocations.Latest(account, limit);

    public static string ArnOf(RegistryScope scope, string label) =>
        $"arn:aws:appflow:{scope.Region}:{scope.Account}:connector/{label}";

    private Task<string> Tokened(
        RegistryScope scope,
        string operation,
        ConnectorRegistrationChange change,
        Func<IdempotencyClaim?, Task<string>> work,
        CancellationToken cancellationToken) =>
        change.ClientToken is null
            ? operations.Run(() => work(null)).WaitAsync(cancellationToken)
            : ledger.RunAsync(new IdempotencyKey(scope, operation, change.ClientToken), change.Fingerprint,
                lambda.Value.Timeout + LeaseBeyondInvocation, claim => work(claim), cancellationToken);

    /// <summary>A task whose failure counts as observed even when nobody awaits it (a replay does not need the early checks).</summary>
    private static Task<T> Observed<T>(Task<T> task)
    {
        _ = task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        return task;
    }

    private ConnectorHistoryEntry History(string action, Caller caller, string? lambdaArn, string? connectorVersion, IReadOnlyList<string> changes) =>
        new(action, TruncateToMilliseconds(time.GetUtcNow()), caller.Arn, lambdaArn, connectorVersion, changes, console.Value.HistoryLimit);

    /// <summary>Which members an update altered, in the API's names; the configuration compared in its stored form.</summary>
    private static List<string> ChangesBetween(ConnectorRegistration before, ConnectorRegistration after)
    {
        var changes = new List<string>();
        if (before.LambdaArn != after.LambdaArn)
        {
            changes.Add("lambdaArn");
        }

        if (before.Description != after.Description)
        {
            changes.Add("description");
        }

        if (before.Configuration.ConnectorVersion != after.Configuration.ConnectorVersion)
        {
            changes.Add("connectorVersion");
        }

        if (JsonSerializer.Serialize(before.Configuration, StorageJsonContext.Default.ConnectorConfiguration)
            != JsonSerializer.Serialize(after.Configuration with { ConnectorVersion = before.Configuration.ConnectorVersion }, StorageJsonContext.Default.ConnectorConfiguration))
        {
            changes.Add("configuration");
        }

        return changes;
    }

    private Task<ConnectorConfiguration> DescribeLoggedAsync(RegistryScope scope, string operation, string label, string lambdaArn) =>
        invocations.RecordAsync(scope, lambdaArn, operation, label, DescribeConnectorConfigurationRequest.TypeName,
            () => connectors.DescribeConnectorConfigurationAsync(lambdaArn, CancellationToken.None));

    private static string NewId() => Guid.NewGuid().ToString("N");

    private static RegistryScope ScopeOf(Caller caller) => new(caller.Account, caller.Region);

    private static DateTimeOffset TruncateToMilliseconds(DateTimeOffset value) =>
        DateTimeOffset.FromUnixTimeMilliseconds(value.ToUnixTimeMilliseconds());

    private static AppFlowException AlreadyRegistered(RegistryScope scope, string label) =>
        new(AwsErrorCode.ConflictException,
            $"A connector with the label {label} is already registered in account {scope.Account} and region {scope.Region}.");

    private static AppFlowException NotRegistered(RegistryScope scope, string label) =>
        new(AwsErrorCode.ResourceNotFoundException,
            $"No connector with the label {label} is registered in account {scope.Account} and region {scope.Region}.");

    private static AppFlowException ChangedMeanwhile(string label) =>
        new(AwsErrorCode.ConflictException,
            $"The connector {label} was changed by another request while this update was invoking its function " +
            "(another update, or an unregister and a new registration of the label); this update changed nothing. " +
            "Describe the connector and send the update again if it still applies.");

    private static AppFlowException QuotaExceeded(RegistryScope scope, int quota) =>
        new(AwsErrorCode.ServiceQuotaExceededException,
            $"Account {scope.Account} has reached its quota of {quota} registered connectors in region {scope.Region}.");
}
