using AppFlowLocal.Connectors;
using AppFlowLocal.Model;
using AppFlowLocal.Storage;
using Microsoft.Extensions.Options;

namespace AppFlowLocal.Registry;

/// <summary>
/// The domain of custom-connector registrations (SPEC.md, "RegisterConnector" to "Reads"):
/// who may register what, what a registration holds, and when calls are replayed rather than run.
/// </summary>
internal sealed class ConnectorRegistry(
    IRegistryStore store,
    IConnectorInvoker connectors,
    IdempotencyLedger ledger,
    TimeProvider time,
    IOptions<RegistryOptions> options)
{
    public const string ProvisioningTypeLambda = "LAMBDA";
    public const string CustomConnectorType = "CustomConnector";

    /// <returns>The connector's ARN.</returns>
    public Task<string> RegisterAsync(Caller caller, ConnectorRegistrationChange change, CancellationToken cancellationToken)
    {
        var scope = ScopeOf(caller);
        return Tokened(scope, "RegisterConnector", change, async (claim, ct) =>
        {
            if (await store.FindAsync(scope, change.Label, ct) is not null)
            {
                throw AlreadyRegistered(scope, change.Label);
            }

            var quota = options.Value.MaxConnectorsPerAccount;
            if (await store.CountAsync(scope, quota, ct) >= quota)
            {
                throw QuotaExceeded(scope, quota);
            }

            var lambdaArn = change.LambdaArn ?? throw new InvalidOperationException("A registration names its function.");
            var configuration = await connectors.DescribeConnectorConfigurationAsync(lambdaArn, ct);
            var registration = new ConnectorRegistration(
                scope,
                change.Label,
                ArnOf(scope, change.Label),
                change.Description,
                ProvisioningTypeLambda,
                lambdaArn,
                TruncateToMilliseconds(time.GetUtcNow()),
                caller.Arn,
                configuration);
            var outcome = await store.InsertAsync(registration, quota, claim?.Complete(registration.Arn), ct);
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

    /// <returns>The connector's ARN.</returns>
    public Task<string> UpdateAsync(Caller caller, ConnectorRegistrationChange change, CancellationToken cancellationToken)
    {
        var scope = ScopeOf(caller);
        return Tokened(scope, "UpdateConnectorRegistration", change, async (claim, ct) =>
        {
            var current = await store.FindAsync(scope, change.Label, ct) ?? throw NotRegistered(scope, change.Label);

            // Without a new function the current one is asked again, so the registration picks up
            // whatever version of the connector that function now runs.
            var lambdaArn = change.LambdaArn ?? current.LambdaArn;
            var configuration = await connectors.DescribeConnectorConfigurationAsync(lambdaArn, ct);
            var updated = current with
            {
                LambdaArn = lambdaArn,
                Description = change.Description ?? current.Description,
                Configuration = configuration,
            };
            var outcome = await store.ReplaceAsync(updated, claim?.Complete(updated.Arn), ct);
            return outcome switch
            {
                StoreWriteOutcome.Written => updated.Arn,
                StoreWriteOutcome.NotFound => throw NotRegistered(scope, change.Label),
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
            return new RegistrationPage(rows, null);
        }

        var page = rows.Take(pageSize).ToList();
        return new RegistrationPage(page, PageTokens.Issue(secret, scope, operation, page[^1].Label));
    }

    public async Task UnregisterAsync(Caller caller, string label, CancellationToken cancellationToken)
    {
        var scope = ScopeOf(caller);
        if (!await store.DeleteAsync(scope, label, cancellationToken))
        {
            throw NotRegistered(scope, label);
        }
    }

    public static string ArnOf(RegistryScope scope, string label) =>
        $"arn:aws:appflow:{scope.Region}:{scope.Account}:connector/{label}";

    private Task<string> Tokened(
        RegistryScope scope,
        string operation,
        ConnectorRegistrationChange change,
        Func<IdempotencyClaim?, CancellationToken, Task<string>> work,
        CancellationToken cancellationToken) =>
        change.ClientToken is null
            ? work(null, cancellationToken)
            : ledger.RunAsync(new IdempotencyKey(scope, operation, change.ClientToken), change.Fingerprint, work, cancellationToken);

    private static RegistryScope ScopeOf(Caller caller) => new(caller.Account, caller.Region);

    private static DateTimeOffset TruncateToMilliseconds(DateTimeOffset value) =>
        DateTimeOffset.FromUnixTimeMilliseconds(value.ToUnixTimeMilliseconds());

    private static AppFlowException AlreadyRegistered(RegistryScope scope, string label) =>
        new(AwsErrorCode.ConflictException,
            $"A connector with the label {label} is already registered in account {scope.Account} and region {scope.Region}.");

    private static AppFlowException NotRegistered(RegistryScope scope, string label) =>
        new(AwsErrorCode.ResourceNotFoundException,
            $"No connector with the label {label} is registered in account {scope.Account} and region {scope.Region}.");

    private static AppFlowException QuotaExceeded(RegistryScope scope, int quota) =>
        new(AwsErrorCode.ServiceQuotaExceededException,
            $"Account {scope.Account} has reached its quota of {quota} registered connectors in region {scope.Region}.");
}
