using System.Security.Cryptography;
using AppFlowLocal.Connectors;
using AppFlowLocal.Model;
using AppFlowLocal.Storage;
using Microsoft.Extensions.Options;

namespace AppFlowLocal.Registry;

/// <summary>
/// Connector profiles of custom connectors (README, "Connector profiles"): a
/// profile exists only for a registered connector, only after the connector accepted its runtime settings
/// and credentials, and its credentials live only as a sealed secret that no response ever shows.
/// </summary>
internal sealed class ConnectorProfileRegistry(
    IRegistryStore store,
    IConnectorInvoker connectors,
    IdempotencyLedger ledger,
    RunningOperations operations,
    SecretSealer sealer,
    PendingSecrets pending,
    OAuth2TokenExchange tokens,
    TimeProvider time,
    IOptions<LambdaOptions> lambda,
    IOptions<RegistryOptions> options,
    InvocationLog invocations)
{
    private const string ProfileScope = "CONNECTOR_PROFILE";
    private static readonly TimeSpan LeaseBeyondInvocation = TimeSpan.FromSeconds(10);

    /// <summary>What a profile's validation sends, in order, as the invocation log names it.</summary>
    private const string ValidationRequestTypes = "ValidateConnectorRuntimeSettingsRequest, ValidateCredentialsRequest";

    /// <returns>The profile's ARN.</returns>
    public Task<string> CreateAsync(Caller caller, ConnectorProfileChange change, CancellationToken cancellationToken)
    {
        var scope = ScopeOf(caller);
        Task<string> Work(IdempotencyClaim? claim) => CreateOnceAsync(scope, change, claim);

        // Two invocations plus the commit: the lease covers both.
        return change.ClientToken is null
            ? operations.Run(() => Work(null)).WaitAsync(cancellationToken)
            : ledger.RunAsync(new IdempotencyKey(scope, "CreateConnectorProfile", change.ClientToken), change.Fingerprint,
                (lambda.Value.Timeout * 2) + LeaseBeyondInvocation, claim => Work(claim), cancellationToken);
    }

    /// <summary>
    /// Replaces the profile's connection mode, properties and credentials once its connector accepted them
    /// (validated as a new profile is); the secret keeps its ARN and takes the new value. The write applies to
    /// the profile as it was read, or not at all: one updated meanwhile, or deleted and created again (perhaps on
    /// another connector, with another secret the credentials were not sealed for), is left as it is and the
    /// update fails with ConflictException rather than run again, as a connector registration's update does.
    /// </summary>
    /// <returns>The profile's ARN.</returns>
    public Task<string> UpdateAsync(Caller caller, ConnectorProfileChange change, CancellationToken cancellationToken)
    {
        var scope = ScopeOf(caller);
        Task<string> Work(IdempotencyClaim? claim) => UpdateOnceAsync(scope, change, claim);
        return change.ClientToken is null
            ? operations.Run(() => Work(null)).WaitAsync(cancellationToken)
            : ledger.RunAsync(new IdempotencyKey(scope, "UpdateConnectorProfile", change.ClientToken), change.Fingerprint,
                (lambda.Value.Timeout * 2) + LeaseBeyondInvocation, claim => Work(claim), cancellationToken);
    }

    public async Task<(IReadOnlyList<ConnectorProfileRecord> Profiles, string? NextToken)> DescribeAsync(
        Caller caller, IReadOnlyCollection<string>? names, string? label, int pageSize, string? nextToken, CancellationToken cancellationToken)
    {
        var scope = ScopeOf(caller);
        var secret = await store.GetSecretAsync(cancellationToken);
        var after = nextToken is null ? null : PageTokens.Read(secret, scope, "DescribeConnectorProfiles", nextToken);
        var rows = await store.ListProfilesAsync(scope, label, names, after, pageSize + 1, cancellationToken);
        if (rows.Count <= pageSize)
        {
            return (rows, null);
        }

        var page = rows.Take(pageSize).ToList();
        return (page, PageTokens.Issue(secret, scope, "DescribeConnectorProfiles", page[^1].Name));
    }

    public async Task DeleteAsync(Caller caller, string name, CancellationToken cancellationToken)
    {
        var scope = ScopeOf(caller);
        if (!await store.DeleteProfileAsync(scope, name, cancellationToken))
        {
            throw NoProfile(scope, name);
        }
    }

    /// <summary>
    /// The group every custom connector's entities are listed under in ListConnectorEntities' connectorEntityMap:
    /// the SDKs have no groups, and AppFlow lists other connectors' objects under "Objects".
    /// </summary>
    public const string EntityGroup = "Objects";

    /// <summary>
    /// One page of the entities the profile's connector lists (under <paramref name="entitiesPath"/>, or at its top),
    /// at most <paramref name="maxResults"/> of them (<see cref="EntityPaging"/>).
    /// </summary>
    public async Task<EntityPage> ListEntitiesAsync(
        Caller caller, string profileName, string? entitiesPath, string? apiVersion, int? maxResults, string? nextToken, CancellationToken cancellationToken)
    {
        var scope = ScopeOf(caller);
        var secret = await store.GetSecretAsync(cancellationToken);
        var position = EntityPaging.Start(secret, scope, profileName, entitiesPath, nextToken);
        var (lambdaArn, label, context) = await ContextOfAsync(caller, profileName, apiVersion, cancellationToken);
        var answer = await invocations.RecordAsync(scope, lambdaArn, "ListConnectorEntities", label, "ListEntitiesRequest",
            () => connectors.ListEntitiesAsync(lambdaArn, context, entitiesPath, position.ConnectorToken, maxResults, cancellationToken));
        return EntityPaging.Cut(secret, scope, profileName, entitiesPath, lambdaArn, position, answer, maxResults);
    }

    /// <summary>The fields of one entity, as the profile's connector describes it.</summary>
    public async Task<List<ConnectorEntityField>> DescribeEntityAsync(
        Caller caller, string profileName, string entityName, string? apiVersion, CancellationToken cancellationToken)
    {
        var (lambdaArn, label, context) = await ContextOfAsync(caller, profileName, apiVersion, cancellationToken);
        return await invocations.RecordAsync(ScopeOf(caller), lambdaArn, "DescribeConnectorEntity", label, "DescribeEntityRequest",
            () => connectors.DescribeEntityAsync(lambdaArn, context, entityName, cancellationToken));
    }

    /// <summary>
    /// The SecretString of a secret this server made for a profile, to the caller's account and region only.
    /// <paramref name="secretId"/> is the secret's ARN or its name (with the random suffix, as the ARN ends).
    /// </summary>
    /// <returns>The secret's ARN, name, SecretString and creation time; null when the scope has no such secret.</returns>
    public async Task<(string Arn, string Name, string SecretString, DateTimeOffset CreatedAt)?> ReadSecretAsync(
        Caller caller, string secretId, CancellationToken cancellationToken)
    {
        var scope = ScopeOf(caller);
        var prefix = $"arn:aws:secretsmanager:{scope.Region}:{scope.Account}:secret:";
        var arn = secretId.StartsWith("arn:", StringComparison.Ordinal) ? secretId : prefix + secretId;
        if (await pending.FindAsync(scope, arn, cancellationToken) is { } held)
        {
            return (arn, arn[prefix.Length..], sealer.Open(arn, held.SealedValue), held.CreatedAt);
        }

        if (await store.FindProfileBySecretAsync(scope, arn, cancellationToken) is not { } profile)
        {
            return null;
        }

        return (profile.CredentialsArn, profile.CredentialsArn[prefix.Length..], sealer.Open(profile.CredentialsArn, profile.SealedCredentials), profile.CreatedAt);
    }

    public static string ArnOf(RegistryScope scope, string name) => $"arn:aws:appflow:{scope.Region}:{scope.Account}:connectorprofile/{name}";

    private async Task<string> CreateOnceAsync(RegistryScope scope, ConnectorProfileChange change, IdempotencyClaim? claim)
    {
        var label = change.Label ?? throw new InvalidOperationException("A new profile names its connector.");
        var registration = await store.FindAsync(scope, label, CancellationToken.None) ?? throw NotRegistered(label);
        if ((await store.ListProfilesAsync(scope, null, [change.Name], null, 1, CancellationToken.None)).Count > 0)
        {
            throw Exists(change.Name);
        }

        // Refused early so a doomed call invokes nothing; the write checks it again atomically.
        var quota = options.Value.MaxConnectorProfilesPerAccount;
        if (await store.CountProfilesAsync(scope, quota, CancellationToken.None) >= quota)
        {
            throw QuotaExceeded(scope, quota);
        }

        var now = DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds());
        var secretArn = SecretArnOf(scope, change.Name);
        var sealedCredentials = await ValidatedAsync(scope, "CreateConnectorProfile", registration, change, secretArn, now);

        var profile = new ConnectorProfileRecord(scope, change.Name, ArnOf(scope, change.Name), label, change.ConnectionMode,
            change.ProfileProperties, change.Credentials.AuthenticationType!, secretArn, sealedCredentials, now, now)
        {
            OAuth2Properties = OAuth2PropertiesOf(change),
        };
        var outcome = await store.InsertProfileAsync(profile, registration.Id, quota, claim?.Complete(profile.Arn), CancellationToken.None);
        return outcome switch
        {
            StoreWriteOutcome.Written => profile.Arn,
            StoreWriteOutcome.NameExists => throw Exists(change.Name),
            StoreWriteOutcome.QuotaExceeded => throw QuotaExceeded(scope, quota),
            StoreWriteOutcome.NotFound => throw NotRegistered(label),
            StoreWriteOutcome.Stale => throw new AppFlowException(AwsErrorCode.ConflictException,
                $"Connector {label} was unregistered and registered again while it validated connector profile {change.Name}; nothing was created, try again."),
            StoreWriteOutcome.TokenTaken => throw new TokenTakenException(),
            _ => throw new InvalidOperationException($"Unexpected store outcome {outcome}."),
        };
    }

    private async Task<string> UpdateOnceAsync(RegistryScope scope, ConnectorProfileChange change, IdempotencyClaim? claim)
    {
        var profile = (await store.ListProfilesAsync(scope, null, [change.Name], null, 1, CancellationToken.None)).SingleOrDefault()
            ?? throw NoProfile(scope, change.Name);
        var registration = await store.FindAsync(scope, profile.Label, CancellationToken.None) ?? throw NotRegistered(profile.Label);
        var sealedCredentials = await ValidatedAsync(scope, "UpdateConnectorProfile", registration, change, profile.CredentialsArn, profile.CreatedAt);

        var updated = profile with
        {
            ConnectionMode = change.ConnectionMode,
            ProfileProperties = change.ProfileProperties,
            AuthenticationType = change.Credentials.AuthenticationType!,
            SealedCredentials = sealedCredentials,
            OAuth2Properties = OAuth2PropertiesOf(change),
            LastUpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds()),
        };
        var outcome = await store.UpdateProfileAsync(updated, claim?.Complete(updated.Arn), CancellationToken.None);
        return outcome switch
        {
            StoreWriteOutcome.Written => updated.Arn,
            StoreWriteOutcome.NotFound => throw NoProfile(scope, change.Name),
            StoreWriteOutcome.Stale => throw ChangedMeanwhile(change.Name),
            StoreWriteOutcome.TokenTaken => throw new TokenTakenException(),
            _ => throw new InvalidOperationException($"Unexpected store outcome {outcome}."),
        };
    }

    /// <summary>
    /// Refuses, before any invocation, what the registered configuration rules out; then has the connector
    /// validate the settings and credentials, with the credentials readable as the secret meanwhile (for an
    /// update the new value shadows the stored one).
    /// </summary>
    /// <returns>The credentials sealed as the secret's value, to be stored.</returns>
    private async Task<byte[]> ValidatedAsync(RegistryScope scope, string operation, ConnectorRegistration registration, ConnectorProfileChange change, string secretArn, DateTimeOffset secretCreatedAt)
    {
        var problems = Problems(registration, change);
        if (problems.Count > 0)
        {
            throw new AppFlowException(AwsErrorCode.ValidationException, string.Join("; ", problems));
        }

        var credentials = await WithGrantedTokensAsync(registration, change);
        var sealedCredentials = sealer.Seal(secretArn, CredentialsSecret.ToSecretString(credentials));
        await using (await pending.HoldAsync(scope, secretArn, sealedCredentials, secretCreatedAt, (lambda.Value.Timeout * 2) + LeaseBeyondInvocation))
        {
            // Both requests in one entry: the connector sees them as one validation, and the second only follows a successful first.
            await invocations.RecordAsync(scope, registration.LambdaArn, operation, registration.Label, ValidationRequestTypes,
                () => connectors.ValidateConnectorProfileAsync(registration.LambdaArn,
                    new ConnectorProfileCheck(change.ProfileProperties, secretArn, change.Credentials.AuthenticationType!), CancellationToken.None));
        }

        return sealedCredentials;
    }

    /// <summary>
    /// An OAUTH2 profile's credentials with the tokens its token URL granted, when AppFlow would ask for them
    /// (an authorization code to exchange, a client-credentials grant without a token); the code itself is spent
    /// and is not kept. Other credentials as they came.
    /// </summary>
    private async Task<CustomConnectorProfileCredentials> WithGrantedTokensAsync(ConnectorRegistration registration, ConnectorProfileChange change)
    {
        if (change.Credentials.Oauth2 is not { } oauth2 || change.OAuth2Properties is not { } properties
            || OAuth2ProfileRules.TokenRequest(oauth2, properties, registration.Configuration.AuthenticationConfig?.OAuth2Defaults?.OauthScopes) is not { } form)
        {
            return change.Credentials;
        }

        var granted = await tokens.RequestAsync(OAuth2ProfileRules.TokenUri(registration, properties.TokenUrl!), properties.OAuth2GrantType!, form);
        return change.Credentials with
        {
            Oauth2 = oauth2 with { AccessToken = granted.AccessToken, RefreshToken = granted.RefreshToken ?? oauth2.RefreshToken, OAuthRequest = null },
        };
    }

    // Only an OAUTH2 profile keeps them: properties sent beside other credentials have no use.
    private static OAuth2Properties? OAuth2PropertiesOf(ConnectorProfileChange change) =>
        change.Credentials.AuthenticationType == "OAUTH2" ? change.OAuth2Properties : null;

    /// <summary>Everything the registered configuration rules out, each in one sentence.</summary>
    private static List<string> Problems(ConnectorRegistration registration, ConnectorProfileChange change)
    {
        var problems = new List<string>();
        var configuration = registration.Configuration;
        var auth = configuration.AuthenticationConfig;
        var credentials = change.Credentials;
        var type = credentials.AuthenticationType;
        var supported = new List<string>();
        if (auth?.IsBasicAuthSupported == true)
        {
            supported.Add("BASIC");
        }

        if (auth?.IsApiKeyAuthSupported == true)
        {
            supported.Add("APIKEY");
        }

        if (auth?.IsOAuth2Supported == true)
        {
            supported.Add("OAUTH2");
        }

        if (auth?.IsCustomAuthSupported == true)
        {
            supported.Add("CUSTOM");
        }

        const string credentialsPath = "connectorProfileConfig.connectorProfileCredentials.CustomConnector";
        if (!supported.Contains(type!))
        {
            problems.Add($"Connector {registration.Label} does not support authentication type {type}; it supports " +
                (supported.Count == 0 ? "none" : string.Join(", ", supported)));
        }
        else if (type == "BASIC" && credentials.Basic is null)
        {
            problems.Add($"{credentialsPath}.basic is required for authenticationType BASIC");
        }
        else if (type == "APIKEY" && credentials.ApiKey is null)
        {
            problems.Add($"{credentialsPath}.apiKey is required for authenticationType APIKEY");
        }
        else if (type == "OAUTH2")
        {
            problems.AddRange(OAuth2ProfileRules.Problems(registration, credentials.Oauth2, change.OAuth2Properties));
        }
        else if (type == "CUSTOM")
        {
            if (credentials.Custom is not { } custom)
            {
                problems.Add($"{credentialsPath}.custom is required for authenticationType CUSTOM");
            }
            else if (auth!.CustomAuthConfigs?.FirstOrDefault(c => c.CustomAuthenticationType == custom.CustomAuthenticationType) is not { } config)
            {
                var known = auth.CustomAuthConfigs?.Select(c => c.CustomAuthenticationType).OfType<string>().ToList() ?? [];
                problems.Add($"Connector {registration.Label} has no custom authentication type {custom.CustomAuthenticationType}; it has " +
                    (known.Count == 0 ? "none" : string.Join(", ", known)));
            }
            else
            {
                foreach (var parameter in config.AuthParameters ?? [])
                {
                    if (parameter.IsRequired == true && parameter.Key is { } key && custom.CredentialsMap?.ContainsKey(key) != true)
                    {
                        problems.Add($"Required auth parameter {key} of {custom.CustomAuthenticationType} is missing from {credentialsPath}.custom.credentialsMap");
                    }
                }
            }
        }

        foreach (var setting in configuration.ConnectorRuntimeSettings ?? [])
        {
            if (setting.IsRequired == true && setting.Scope == ProfileScope && setting.Key is { } key && !change.ProfileProperties.ContainsKey(key))
            {
                problems.Add($"Required runtime setting {key} (scope {ProfileScope}) of connector {registration.Label} is missing from " +
                    "connectorProfileConfig.connectorProfileProperties.CustomConnector.profileProperties");
            }
        }

        return problems;
    }

    /// <summary>
    /// A Secrets Manager ARN as AppFlow makes one (its name prefixed appflow, a random suffix as Secrets
    /// Manager adds), with the characters a secret name cannot hold replaced.
    /// </summary>
    private static string SecretArnOf(RegistryScope scope, string profileName)
    {
        var name = string.Concat(profileName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '/' or '+' or '=' or '.' or '@' or '-' ? c : '-'));
        var suffix = RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 6);
        return $"arn:aws:secretsmanager:{scope.Region}:{scope.Account}:secret:appflow/{name}-{suffix}";
    }

    /// <summary>The profile's connector function and the connectorContext its metadata requests carry.</summary>
    private async Task<(string LambdaArn, string Label, ConnectorContext Context)> ContextOfAsync(Caller caller, string profileName, string? apiVersion, CancellationToken cancellationToken)
    {
        var scope = ScopeOf(caller);
        var profile = (await store.ListProfilesAsync(scope, null, [profileName], null, 1, cancellationToken)).SingleOrDefault() ?? throw NoProfile(scope, profileName);
        var registration = await store.FindAsync(scope, profile.Label, cancellationToken) ?? throw NotRegistered(profile.Label);

        // The Java SDK refuses a context without apiVersion: the caller's, else the connector's first.
        var context = new ConnectorContext(profile.ProfileProperties, profile.CredentialsArn, profile.AuthenticationType,
            apiVersion ?? registration.Configuration.SupportedApiVersions?.FirstOrDefault());
        return (registration.LambdaArn, registration.Label, context);
    }

    private static RegistryScope ScopeOf(Caller caller) => new(caller.Account, caller.Region);

    // AWS's own text.
    private static AppFlowException NotRegistered(string label) =>
        new(AwsErrorCode.ResourceNotFoundException, $"Connector:{label} is not registered. Please register it first before creating ConnectorProfile.");

    private static AppFlowException NoProfile(RegistryScope scope, string name) =>
        new(AwsErrorCode.ResourceNotFoundException, $"No connector profile named {name} exists in account {scope.Account} and region {scope.Region}.");

    private static AppFlowException QuotaExceeded(RegistryScope scope, int quota) =>
        new(AwsErrorCode.ServiceQuotaExceededException,
            $"Account {scope.Account} has reached its quota of {quota} connector profiles in region {scope.Region}.");

    private static AppFlowException ChangedMeanwhile(string name) =>
        new(AwsErrorCode.ConflictException,
            $"The connector profile {name} was changed by another request while this update was validating it " +
            "(another update, or a delete and a new profile of the name); this update changed nothing. " +
            "Describe the connector profile and send the update again if it still applies.");

    private static AppFlowException Exists(string name) =>
        new(AwsErrorCode.ConflictException, $"A connector profile named {name} already exists.");
}
