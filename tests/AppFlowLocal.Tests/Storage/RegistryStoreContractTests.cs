using AppFlowLocal.Model;
using AppFlowLocal.Registry;
using AppFlowLocal.Storage;
using AppFlowLocal.Storage.Postgres;
using AppFlowLocal.Storage.Sqlite;
using AppFlowLocal.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AppFlowLocal.Tests.Storage;

/// <summary>
/// What every <see cref="IRegistryStore"/> promises (its doc comments), run against each provider over a
/// real database: SQLite files in a temporary folder, databases on the test run's PostgreSQL cluster.
/// </summary>
public abstract class RegistryStoreContractTests : IAsyncLifetime
{
    internal static readonly RegistryScope Scope = new("123456789012", "us-east-1");

    internal static ConnectorRegistration Registration(string label, RegistryScope? scope = null) =>
        new(scope ?? Scope, Guid.NewGuid().ToString("N"), 1, label, ConnectorRegistry.ArnOf(scope ?? Scope, label), null, "LAMBDA",
            "arn:aws:lambda:us-east-1:123456789012:function:f", DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123), "arn:aws:iam::123456789012:root",
            new ConnectorConfiguration { ConnectorName = "n", ConnectorVersion = "1", ConnectorModes = ["SOURCE"] });

    public Task InitializeAsync() => Task.CompletedTask;

    public abstract Task DisposeAsync();

    private static IdempotencyClaim Claim(string token, string claimId, DateTimeOffset now, TimeSpan? lease = null) =>
        new(new IdempotencyKey(Scope, "RegisterConnector", token), "h", claimId, now, now + (lease ?? TimeSpan.FromSeconds(20)), now.AddHours(-8));

    /// <summary>A new store over a new, empty database of the provider's, initialised.</summary>
    private protected abstract Task<IRegistryStore> OpenAsync(string name);

    [Fact]
    public async Task Insert_refuses_a_taken_label_and_a_full_quota()
    {
        var store = await OpenAsync("rules.db");
        Assert.Equal(StoreWriteOutcome.Written, await store.InsertAsync(Registration("a"), 2, null, null, CancellationToken.None));
        Assert.Equal(StoreWriteOutcome.LabelExists, await store.InsertAsync(Registration("a"), 2, null, null, CancellationToken.None));
        Assert.Equal(StoreWriteOutcome.Written, await store.InsertAsync(Registration("b"), 2, null, null, CancellationToken.None));
        Assert.Equal(StoreWriteOutcome.QuotaExceeded, await store.InsertAsync(Registration("c"), 2, null, null, CancellationToken.None));
    }

    [Fact]
    public async Task A_read_sees_every_commit_another_store_over_the_database_made_before_it()
    {
        var (reader, writer) = await OpenTwinsAsync("fresh-reads");

        // Each read twice: a store that keeps answers between commits would answer the second from what it kept.
        for (var i = 0; i < 2; i++)
        {
            Assert.Null(await reader.FindAsync(Scope, "a", CancellationToken.None));
            Assert.Empty(await reader.ListAsync(Scope, null, 10, CancellationToken.None));
        }

        Assert.Equal(StoreWriteOutcome.Written, await writer.InsertAsync(Registration("a"), 10, null, null, CancellationToken.None));
        var found = await reader.FindAsync(Scope, "a", CancellationToken.None);
        Assert.NotNull(found);
        Assert.Equal("a", Assert.Single(await reader.ListAsync(Scope, null, 10, CancellationToken.None)).Label);

        Assert.Equal(StoreWriteOutcome.Written, await writer.ReplaceAsync(found with { Description = "changed" }, null, null, CancellationToken.None));
        for (var i = 0; i < 2; i++)
        {
            var changed = await reader.FindAsync(Scope, "a", CancellationToken.None);
            Assert.Equal(("changed", found.Revision + 1), (changed!.Description, changed.Revision));
            Assert.Equal("changed", Assert.Single(await reader.ListAsync(Scope, null, 10, CancellationToken.None)).Description);
        }

        Assert.Equal(StoreWriteOutcome.Written, await writer.DeleteAsync(Scope, "a", false, null, CancellationToken.None));
        Assert.Null(await reader.FindAsync(Scope, "a", CancellationToken.None));
        Assert.Empty(await reader.ListAsync(Scope, null, 10, CancellationToken.None));
    }

    [Fact]
    public async Task The_token_is_decided_before_the_label_and_the_quota()
    {
        var store = await OpenAsync("token-first.db");
        var now = DateTimeOffset.UtcNow;
        var winner = Claim("t", "winner", now);
        Assert.Null(await store.ClaimTokenAsync(winner, CancellationToken.None));
        Assert.Equal(StoreWriteOutcome.Written, await store.InsertAsync(Registration("a"), 1, winner.Complete("arn-a"), null, CancellationToken.None));

        // A second call with the same token that still thinks it holds a claim: the label is taken and
        // the quota full, but the answer is that the token is not its own, so the ledger replays.
        Assert.Equal(StoreWriteOutcome.TokenTaken,
            await store.InsertAsync(Registration("a"), 1, Claim("t", "loser", now).Complete("arn-a"), null, CancellationToken.None));
        var record = await store.FindTokenAsync(winner.Key, CancellationToken.None);
        Assert.Equal((TokenState.Done, "arn-a"), (record!.State, record.Response));
    }

    [Fact]
    public async Task A_live_claim_holds_the_token_and_an_expired_lease_or_lifetime_frees_it()
    {
        var store = await OpenAsync("claims.db");
        var now = DateTimeOffset.UtcNow;
        Assert.Null(await store.ClaimTokenAsync(Claim("t", "first", now, TimeSpan.FromSeconds(5)), CancellationToken.None));
        var holder = await store.ClaimTokenAsync(Claim("t", "second", now.AddSeconds(4)), CancellationToken.None);
        Assert.Equal(TokenState.Pending, holder!.State);

        // Five seconds on the first claim's lease is over: it crashed or stalled, and the token is taken over.
        var third = Claim("t", "third", now.AddSeconds(5));
        Assert.Null(await store.ClaimTokenAsync(third, CancellationToken.None));
        Assert.Equal(StoreWriteOutcome.TokenTaken,
            await store.InsertAsync(Registration("late"), 10, Claim("t", "first", now).Complete("arn-late"), null, CancellationToken.None));
        Assert.Null(await store.FindAsync(Scope, "late", CancellationToken.None));

        Assert.Equal(StoreWriteOutcome.Written, await store.InsertAsync(Registration("b"), 10, third.Complete("arn-b"), null, CancellationToken.None));
        Assert.Equal(TokenState.Done, (await store.ClaimTokenAsync(Claim("t", "fourth", now.AddHours(7)), CancellationToken.None))!.State);
        Assert.Null(await store.ClaimTokenAsync(Claim("t", "fifth", now.AddHours(9)), CancellationToken.None));
    }

    [Fact]
    public async Task Releasing_removes_only_the_own_pending_claim()
    {
        var store = await OpenAsync("release.db");
        var now = DateTimeOffset.UtcNow;
        var claim = Claim("t", "mine", now);
        Assert.Null(await store.ClaimTokenAsync(claim, CancellationToken.None));
        await store.ReleaseTokenAsync(Claim("t", "someone-else", now), CancellationToken.None);
        Assert.NotNull(await store.FindTokenAsync(claim.Key, CancellationToken.None));
        await store.ReleaseTokenAsync(claim, CancellationToken.None);
        Assert.Null(await store.FindTokenAsync(claim.Key, CancellationToken.None));

        // A completed token is an outcome, not a claim: releasing never removes it.
        var done = Claim("u", "done", now);
        await store.ClaimTokenAsync(done, CancellationToken.None);
        await store.InsertAsync(Registration("c"), 10, done.Complete("arn-c"), null, CancellationToken.None);
        await store.ReleaseTokenAsync(done, CancellationToken.None);
        Assert.Equal(TokenState.Done, (await store.FindTokenAsync(done.Key, CancellationToken.None))!.State);
    }

    [Fact]
    public async Task Purging_spares_a_claim_older_than_the_cutoff_whose_lease_still_runs()
    {
        var store = await OpenAsync("purge.db");
        var now = DateTimeOffset.UtcNow;
        var running = Claim("running", "r", now.AddSeconds(-5), TimeSpan.FromSeconds(30));
        var stalled = Claim("stalled", "s", now.AddSeconds(-60), TimeSpan.FromSeconds(30));
        await store.ClaimTokenAsync(running, CancellationToken.None);
        await store.ClaimTokenAsync(stalled, CancellationToken.None);

        Assert.Equal(1, await store.PurgeTokensAsync(now.AddSeconds(-1), 100, CancellationToken.None));
        Assert.NotNull(await store.FindTokenAsync(running.Key, CancellationToken.None));
        Assert.Null(await store.FindTokenAsync(stalled.Key, CancellationToken.None));
    }

    [Fact]
    public async Task Replace_writes_only_over_the_registration_and_revision_it_read()
    {
        var store = await OpenAsync("cas.db");
        var original = Registration("a") with { Description = "original" };
        await store.InsertAsync(original, 10, null, null, CancellationToken.None);
        var read = (await store.FindAsync(Scope, "a", CancellationToken.None))!;

        Assert.Equal(StoreWriteOutcome.Written, await store.ReplaceAsync(read with { Description = "first" }, null, null, CancellationToken.None));
        Assert.Equal(2, (await store.FindAsync(Scope, "a", CancellationToken.None))!.Revision);

        // A second writer that read revision 1 too changed nothing.
        Assert.Equal(StoreWriteOutcome.Stale, await store.ReplaceAsync(read with { Description = "second" }, null, null, CancellationToken.None));
        Assert.Equal("first", (await store.FindAsync(Scope, "a", CancellationToken.None))!.Description);

        // The label unregistered and registered again is another registration, even at revision 1.
        await store.DeleteAsync(Scope, "a", force: false, null, CancellationToken.None);
        var again = Registration("a") with { Description = "again" };
        await store.InsertAsync(again, 10, null, null, CancellationToken.None);
        Assert.Equal(StoreWriteOutcome.Stale, await store.ReplaceAsync(read with { Description = "third" }, null, null, CancellationToken.None));
        Assert.Equal("again", (await store.FindAsync(Scope, "a", CancellationToken.None))!.Description);

        await store.DeleteAsync(Scope, "a", force: false, null, CancellationToken.None);
        Assert.Equal(StoreWriteOutcome.NotFound, await store.ReplaceAsync(read, null, null, CancellationToken.None));
    }

    [Fact]
    public async Task Concurrent_inserts_from_two_stores_over_one_database_fill_the_quota_exactly_and_a_label_once()
    {
        var (first, second) = await OpenTwinsAsync("race");
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            (i % 2 == 0 ? first : second).InsertAsync(Registration($"label-{i % 20}"), 7, null, null, CancellationToken.None)));
        Assert.Equal(7, outcomes.Count(o => o == StoreWriteOutcome.Written));
        Assert.Equal(7, await first.CountAsync(Scope, 100, CancellationToken.None));
        Assert.Equal(7, (await second.ListAsync(Scope, null, 100, CancellationToken.None)).Select(r => r.Label).Distinct().Count());

        // Deleting frees exactly one place, on either store.
        var listed = await first.ListAsync(Scope, null, 100, CancellationToken.None);
        Assert.Equal(StoreWriteOutcome.Written, await second.DeleteAsync(Scope, listed[0].Label, force: false, null, CancellationToken.None));
        Assert.Equal(StoreWriteOutcome.NotFound, await first.DeleteAsync(Scope, listed[0].Label, force: false, null, CancellationToken.None));
        Assert.Equal(6, await first.CountAsync(Scope, 100, CancellationToken.None));
        Assert.Equal(StoreWriteOutcome.Written, await first.InsertAsync(Registration("late"), 7, null, null, CancellationToken.None));
        Assert.Equal(StoreWriteOutcome.QuotaExceeded, await second.InsertAsync(Registration("later"), 7, null, null, CancellationToken.None));
    }

    [Fact]
    public async Task Concurrent_inserts_from_two_stores_far_from_the_quota_all_count_and_near_it_stop_exactly_at_it()
    {
        var (first, second) = await OpenTwinsAsync("near-and-far");

        // Far from the quota (PostgreSQL: each counted on a shard, with no lock in common).
        var far = await Task.WhenAll(Enumerable.Range(0, 60).Select(i =>
            (i % 2 == 0 ? first : second).InsertAsync(Registration($"far-{i}"), 1000, null, null, CancellationToken.None)));
        Assert.All(far, outcome => Assert.Equal(StoreWriteOutcome.Written, outcome));
        Assert.Equal(60, await second.CountAsync(Scope, 1000, CancellationToken.None));

        // Then 80 at once for the last 30 places: the first ones still far enough to count on a shard, the
        // rest, while those are in flight, so near that only an exact count can tell (PostgreSQL: fewer places
        // left than shards).
        var near = await Task.WhenAll(Enumerable.Range(0, 80).Select(i =>
            (i % 2 == 0 ? first : second).InsertAsync(Registration($"near-{i}"), 90, null, null, CancellationToken.None)));
        Assert.Equal(30, near.Count(o => o == StoreWriteOutcome.Written));
        Assert.Equal(50, near.Count(o => o == StoreWriteOutcome.QuotaExceeded));
        Assert.Equal(90, await first.CountAsync(Scope, 1000, CancellationToken.None));
        Assert.Equal(90, (await second.ListAsync(Scope, null, 100, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Inserts_racing_unregisters_of_the_same_and_of_other_labels_all_finish_and_leave_the_count_right()
    {
        var (first, second) = await OpenTwinsAsync("insert-delete");
        for (var round = 0; round < 3; round++)
        {
            // Far from the quota in the first rounds, at it in the last (the exact count, which takes the counter row).
            var quota = round < 2 ? 1000 : 60;
            var existing = (await first.ListAsync(Scope, null, 100, CancellationToken.None)).Select(r => r.Label).ToList();
            for (var i = existing.Count; i < 40; i++)
            {
                Assert.Equal(StoreWriteOutcome.Written, await first.InsertAsync(Registration($"kept-{round}-{i}"), 1000, null, null, CancellationToken.None));
            }

            var labels = (await first.ListAsync(Scope, null, 100, CancellationToken.None)).Select(r => r.Label).ToList();
            var calls = new List<Task<StoreWriteOutcome>>();
            for (var i = 0; i < labels.Count; i++)
            {
                IRegistryStore one = i % 2 == 0 ? first : second, other = i % 2 == 0 ? second : first;

                // The same label unregistered on one node and registered again on the other, at the same time;
                // every fourth label is unregistered beside a registration of a new one instead.
                calls.Add(one.DeleteAsync(Scope, labels[i], force: false, null, CancellationToken.None));
                calls.Add(other.InsertAsync(Registration(i % 4 == 3 ? $"new-{round}-{i}" : labels[i]), quota, null, null, CancellationToken.None));
            }

            var outcomes = await Task.WhenAll(calls);
            Assert.All(outcomes, outcome => Assert.Contains(outcome,
                new[] { StoreWriteOutcome.Written, StoreWriteOutcome.LabelExists, StoreWriteOutcome.QuotaExceeded }));
            var listed = (await second.ListAsync(Scope, null, 100, CancellationToken.None)).Count;
            Assert.Equal(listed, await first.CountAsync(Scope, 1000, CancellationToken.None));
            var deleted = outcomes.Where((_, index) => index % 2 == 0).Count(o => o == StoreWriteOutcome.Written);
            var inserted = outcomes.Where((_, index) => index % 2 == 1).Count(o => o == StoreWriteOutcome.Written);
            Assert.Equal(labels.Count - deleted + inserted, listed);
            Assert.InRange(listed, 0, quota);
        }
    }

    /// <summary>Inserts a profile as the registry does: for the registration of its label that is there now.</summary>
    private static async Task<StoreWriteOutcome> InsertProfileAsync(IRegistryStore store, ConnectorProfileRecord profile, int quota, TokenWrite? token,
        CancellationToken cancellationToken) =>
        await store.InsertProfileAsync(profile, (await store.FindAsync(profile.Scope, profile.Label, cancellationToken))?.Id ?? "none", quota, token, cancellationToken);

    internal static ConnectorProfileRecord Profile(string name, string label, RegistryScope? scope = null) =>
        new(scope ?? Scope, name, ConnectorProfileRegistry.ArnOf(scope ?? Scope, name), label, "Public",
            new Dictionary<string, string> { ["instanceName"] = "demo" }, "CUSTOM",
            $"arn:aws:secretsmanager:us-east-1:123456789012:secret:appflow/{name}-{Guid.NewGuid():N}", [1, 2, 3, 0, 255],
            DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123), DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_456));

    [Fact]
    public async Task A_profile_needs_its_connector_and_a_free_name_and_reads_back_as_written()
    {
        var store = await OpenAsync("profiles.db");
        Assert.Equal(StoreWriteOutcome.NotFound, await InsertProfileAsync(store, Profile("p", "crm"), 100, null, CancellationToken.None));
        await store.InsertAsync(Registration("crm"), 10, null, null, CancellationToken.None);
        var written = Profile("p", "crm");
        Assert.Equal(StoreWriteOutcome.Written, await InsertProfileAsync(store, written, 100, null, CancellationToken.None));
        Assert.Equal(StoreWriteOutcome.NameExists, await InsertProfileAsync(store, Profile("p", "crm"), 100, null, CancellationToken.None));

        var read = Assert.Single(await store.ListProfilesAsync(Scope, null, null, null, 10, CancellationToken.None));
        Assert.Equal((written.Name, written.Arn, written.Label, written.ConnectionMode, written.AuthenticationType, written.CredentialsArn),
            (read.Name, read.Arn, read.Label, read.ConnectionMode, read.AuthenticationType, read.CredentialsArn));
        Assert.Equal(written.SealedCredentials, read.SealedCredentials);
        Assert.Equal(written.ProfileProperties, read.ProfileProperties);
        Assert.Equal((written.CreatedAt, written.LastUpdatedAt), (read.CreatedAt, read.LastUpdatedAt));

        // Another account's store of the same name is another profile.
        var other = new RegistryScope("210987654321", "us-east-1");
        Assert.Empty(await store.ListProfilesAsync(other, null, null, null, 10, CancellationToken.None));
        Assert.False(await store.DeleteProfileAsync(other, "p", CancellationToken.None));
        Assert.True(await store.DeleteProfileAsync(Scope, "p", CancellationToken.None));
        Assert.False(await store.DeleteProfileAsync(Scope, "p", CancellationToken.None));
        Assert.Empty(await store.ListProfilesAsync(Scope, null, null, null, 10, CancellationToken.None));
    }

    [Fact]
    public async Task A_profile_update_writes_its_settings_and_credentials_and_keeps_its_identity()
    {
        var store = await OpenAsync("profile-update.db");
        await store.InsertAsync(Registration("crm"), 10, null, null, CancellationToken.None);
        var original = Profile("p", "crm");
        await InsertProfileAsync(store, original, 100, null, CancellationToken.None);
        var changed = original with
        {
            ConnectionMode = "Private", ProfileProperties = new Dictionary<string, string> { ["instanceName"] = "sandbox" }, AuthenticationType = "BASIC",
            SealedCredentials = [9, 9], LastUpdatedAt = original.LastUpdatedAt.AddMinutes(1),
        };

        Assert.Equal(StoreWriteOutcome.Written, await store.UpdateProfileAsync(changed, null, CancellationToken.None));
        Assert.Equal(StoreWriteOutcome.NotFound, await store.UpdateProfileAsync(changed with { Name = "q" }, null, CancellationToken.None));

        var read = Assert.Single(await store.ListProfilesAsync(Scope, null, null, null, 10, CancellationToken.None));
        Assert.Equal((changed.ConnectionMode, changed.AuthenticationType, changed.CreatedAt, changed.LastUpdatedAt, original.CredentialsArn),
            (read.ConnectionMode, read.AuthenticationType, read.CreatedAt, read.LastUpdatedAt, read.CredentialsArn));
        Assert.Equal(changed.SealedCredentials, read.SealedCredentials);
        Assert.Equal(changed.ProfileProperties, read.ProfileProperties);
        Assert.Equal(read.Name, (await store.FindProfileBySecretAsync(Scope, original.CredentialsArn, CancellationToken.None))?.Name);
        Assert.Null(await store.FindProfileBySecretAsync(new RegistryScope("210987654321", "us-east-1"), original.CredentialsArn, CancellationToken.None));
    }

    [Fact]
    public async Task A_profile_update_writes_only_over_the_profile_it_read_and_advances_its_revision()
    {
        var store = await OpenAsync("profile-update-race.db");
        await store.InsertAsync(Registration("crm"), 10, null, null, CancellationToken.None);
        await store.InsertAsync(Registration("erp"), 10, null, null, CancellationToken.None);
        await InsertProfileAsync(store, Profile("p", "crm"), 100, null, CancellationToken.None);
        async Task<ConnectorProfileRecord> ReadAsync() => Assert.Single(await store.ListProfilesAsync(Scope, null, ["p"], null, 1, CancellationToken.None));
        static ConnectorProfileRecord Changed(ConnectorProfileRecord read, byte value) => read with { SealedCredentials = [value], ConnectionMode = "Private" };

        var created = await ReadAsync();
        Assert.Equal(1, created.Revision);
        Assert.Equal(StoreWriteOutcome.Written, await store.UpdateProfileAsync(Changed(created, 1), null, CancellationToken.None));
        var updated = await ReadAsync();
        Assert.Equal(2, updated.Revision);
        Assert.Equal([1], updated.SealedCredentials);

        // Another update landed since this one read the profile.
        Assert.Equal(StoreWriteOutcome.Stale, await store.UpdateProfileAsync(Changed(created, 2), null, CancellationToken.None));
        var kept = await ReadAsync();
        Assert.Equal(2, kept.Revision);
        Assert.Equal([1], kept.SealedCredentials);
        Assert.Equal("Private", kept.ConnectionMode);

        // Deleted and created again, on another connector with another secret, and at the revision that was read.
        Assert.True(await store.DeleteProfileAsync(Scope, "p", CancellationToken.None));
        var again = Profile("p", "erp");
        Assert.Equal(StoreWriteOutcome.Written, await InsertProfileAsync(store, again, 100, null, CancellationToken.None));
        Assert.Equal(StoreWriteOutcome.Stale, await store.UpdateProfileAsync(Changed(created, 3), null, CancellationToken.None));
        var untouched = await ReadAsync();
        Assert.Equal((again.Label, again.CredentialsArn, again.ConnectionMode, 1L), (untouched.Label, untouched.CredentialsArn, untouched.ConnectionMode, untouched.Revision));
        Assert.Equal(again.SealedCredentials, untouched.SealedCredentials);
        Assert.Equal(again.SealedCredentials, (await store.FindProfileBySecretAsync(Scope, again.CredentialsArn, CancellationToken.None))?.SealedCredentials);

        // Deleted: nothing to write over.
        Assert.True(await store.DeleteProfileAsync(Scope, "p", CancellationToken.None));
        Assert.Equal(StoreWriteOutcome.NotFound, await store.UpdateProfileAsync(Changed(untouched, 4), null, CancellationToken.None));
        Assert.Empty(await store.ListProfilesAsync(Scope, null, null, null, 10, CancellationToken.None));
    }

    [Fact]
    public async Task Profiles_list_by_name_filtered_by_connector_and_names_and_page_after_the_last_name()
    {
        var store = await OpenAsync("profile-list.db");
        await store.InsertAsync(Registration("crm"), 10, null, null, CancellationToken.None);
        await store.InsertAsync(Registration("erp"), 10, null, null, CancellationToken.None);
        foreach (var (name, label) in new[] { ("b", "crm"), ("a", "erp"), ("c", "crm"), ("B", "crm") })
        {
            Assert.Equal(StoreWriteOutcome.Written, await InsertProfileAsync(store, Profile(name, label), 100, null, CancellationToken.None));
        }

        async Task<string[]> Names(string? label, string[]? names, string? after, int limit) =>
            [.. (await store.ListProfilesAsync(Scope, label, names, after, limit, CancellationToken.None)).Select(p => p.Name)];
        Assert.Equal(["B", "a", "b", "c"], await Names(null, null, null, 10));
        Assert.Equal(["B", "b", "c"], await Names("crm", null, null, 10));
        Assert.Equal(["b", "c"], await Names("crm", null, "B", 10));
        Assert.Equal(["a", "c"], await Names(null, ["c", "a", "zz"], null, 10));
        Assert.Empty(await Names(null, [], null, 10));
        Assert.Equal(["B", "a"], await Names(null, null, null, 2));
    }

    [Fact]
    public async Task A_connector_in_use_by_a_profile_is_deleted_only_with_force_and_then_takes_its_profiles_along()
    {
        var store = await OpenAsync("in-use.db");
        await store.InsertAsync(Registration("crm"), 10, null, null, CancellationToken.None);
        await InsertProfileAsync(store, Profile("p", "crm"), 100, null, CancellationToken.None);

        Assert.Equal(StoreWriteOutcome.InUse, await store.DeleteAsync(Scope, "crm", force: false, null, CancellationToken.None));
        Assert.NotNull(await store.FindAsync(Scope, "crm", CancellationToken.None));
        Assert.Single(await store.ListProfilesAsync(Scope, "crm", null, null, 10, CancellationToken.None));

        Assert.Equal(StoreWriteOutcome.Written, await store.DeleteAsync(Scope, "crm", force: true, null, CancellationToken.None));
        Assert.Null(await store.FindAsync(Scope, "crm", CancellationToken.None));
        Assert.Empty(await store.ListProfilesAsync(Scope, null, null, null, 10, CancellationToken.None));
        Assert.Equal(0, await store.CountAsync(Scope, 10, CancellationToken.None));
    }

    [Fact]
    public async Task The_profile_quota_counts_the_scope_s_profiles_as_they_come_and_go()
    {
        var store = await OpenAsync("profile-quota.db");
        await store.InsertAsync(Registration("crm"), 10, null, null, CancellationToken.None);
        await store.InsertAsync(Registration("erp"), 10, null, null, CancellationToken.None);
        Assert.Equal(StoreWriteOutcome.Written, await InsertProfileAsync(store, Profile("a", "crm"), 2, null, CancellationToken.None));
        Assert.Equal(StoreWriteOutcome.Written, await InsertProfileAsync(store, Profile("b", "erp"), 2, null, CancellationToken.None));
        Assert.Equal(StoreWriteOutcome.QuotaExceeded, await InsertProfileAsync(store, Profile("c", "crm"), 2, null, CancellationToken.None));
        Assert.Equal(2, await store.CountProfilesAsync(Scope, 10, CancellationToken.None));
        Assert.Equal(1, await store.CountProfilesAsync(Scope, 1, CancellationToken.None));

        // Another scope has a quota of its own; a deleted profile, or one taken along by its connector, frees its place.
        var other = new RegistryScope("210987654321", "us-east-1");
        await store.InsertAsync(Registration("crm", other), 10, null, null, CancellationToken.None);
        Assert.Equal(StoreWriteOutcome.Written, await InsertProfileAsync(store, Profile("a", "crm", other), 2, null, CancellationToken.None));
        Assert.True(await store.DeleteProfileAsync(Scope, "a", CancellationToken.None));
        Assert.Equal(StoreWriteOutcome.Written, await InsertProfileAsync(store, Profile("c", "crm"), 2, null, CancellationToken.None));
        Assert.Equal(StoreWriteOutcome.Written, await store.DeleteAsync(Scope, "erp", force: true, null, CancellationToken.None));
        Assert.Equal(1, await store.CountProfilesAsync(Scope, 10, CancellationToken.None));
        Assert.Equal(StoreWriteOutcome.Written, await InsertProfileAsync(store, Profile("d", "crm"), 2, null, CancellationToken.None));
    }

    [Fact]
    public async Task A_profile_validated_for_a_registration_is_not_stored_for_a_later_registration_of_its_label()
    {
        var store = await OpenAsync("profile-stale.db");
        var first = Registration("crm");
        await store.InsertAsync(first, 10, null, null, CancellationToken.None);
        Assert.Equal(StoreWriteOutcome.Written, await store.DeleteAsync(Scope, "crm", force: false, null, CancellationToken.None));
        Assert.Equal(StoreWriteOutcome.NotFound, await store.InsertProfileAsync(Profile("p", "crm"), first.Id, 10, null, CancellationToken.None));
        await store.InsertAsync(Registration("crm"), 10, null, null, CancellationToken.None);

        Assert.Equal(StoreWriteOutcome.Stale, await store.InsertProfileAsync(Profile("p", "crm"), first.Id, 10, null, CancellationToken.None));
        Assert.Empty(await store.ListProfilesAsync(Scope, null, null, null, 10, CancellationToken.None));
    }

    [Fact]
    public async Task A_pending_secret_is_found_in_its_scope_until_released_or_expired()
    {
        var store = await OpenAsync("pending.db");
        var now = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);
        const string arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:appflow/p-AbCdEf";
        var held = new PendingSecret("hold-1", Scope, arn, [7, 7], now, now.AddSeconds(30));
        await store.HoldPendingSecretAsync(held, CancellationToken.None);

        var found = await store.FindPendingSecretAsync(Scope, arn, now.AddSeconds(1), CancellationToken.None);
        Assert.Equal(held.SealedValue, found?.SealedValue ?? []);
        Assert.Equal(now, found?.CreatedAt);
        Assert.Null(await store.FindPendingSecretAsync(new RegistryScope("210987654321", "us-east-1"), arn, now, CancellationToken.None));
        Assert.Null(await store.FindPendingSecretAsync(Scope, arn, now.AddSeconds(30), CancellationToken.None));

        // A second hold of the secret (an overlapping update) shadows the first until it is released.
        await store.HoldPendingSecretAsync(held with { HoldId = "hold-2", SealedValue = [8], ExpiresAt = now.AddSeconds(40) }, CancellationToken.None);
        var shadowing = await store.FindPendingSecretAsync(Scope, arn, now, CancellationToken.None);
        Assert.Equal("hold-2", shadowing?.HoldId);
        await store.ReleasePendingSecretAsync("hold-2", CancellationToken.None);
        var remaining = await store.FindPendingSecretAsync(Scope, arn, now, CancellationToken.None);
        Assert.Equal("hold-1", remaining?.HoldId);
        await store.ReleasePendingSecretAsync("hold-1", CancellationToken.None);
        Assert.Null(await store.FindPendingSecretAsync(Scope, arn, now, CancellationToken.None));
    }

    [Fact]
    public async Task Creating_a_profile_completes_its_token_in_the_same_write()
    {
        var store = await OpenAsync("profile-token.db");
        await store.InsertAsync(Registration("crm"), 10, null, null, CancellationToken.None);
        var now = DateTimeOffset.UtcNow;
        var winner = new IdempotencyClaim(new IdempotencyKey(Scope, "CreateConnectorProfile", "t"), "h", "winner", now, now.AddSeconds(20), now.AddHours(-8));
        Assert.Null(await store.ClaimTokenAsync(winner, CancellationToken.None));
        Assert.Equal(StoreWriteOutcome.Written, await InsertProfileAsync(store, Profile("p", "crm"), 100, winner.Complete("arn-p"), CancellationToken.None));
        var loser = new IdempotencyClaim(winner.Key, "h", "loser", now, now.AddSeconds(20), now.AddHours(-8));
        Assert.Equal(StoreWriteOutcome.TokenTaken, await InsertProfileAsync(store, Profile("q", "crm"), 100, loser.Complete("arn-q"), CancellationToken.None));
        Assert.Equal((TokenState.Done, "arn-p"), ((await store.FindTokenAsync(winner.Key, CancellationToken.None))!.State, (await store.FindTokenAsync(winner.Key, CancellationToken.None))!.Response));
        Assert.Single(await store.ListProfilesAsync(Scope, null, null, null, 10, CancellationToken.None));
    }

    [Fact]
    public async Task Labels_list_in_byte_order_and_pages_continue_after_the_last_label()
    {
        var store = await OpenAsync("order");
        string[] labels = ["b", "B", "a", "_x", "a-b", "a_b", "Z9", "0"];
        foreach (var label in labels)
        {
            await store.InsertAsync(Registration(label), 100, null, null, CancellationToken.None);
        }

        var ordinal = labels.Order(StringComparer.Ordinal).ToList();
        Assert.Equal(ordinal, (await store.ListAsync(Scope, null, 100, CancellationToken.None)).Select(r => r.Label));
        Assert.Equal(ordinal.Skip(4).Take(3), (await store.ListAsync(Scope, ordinal[3], 3, CancellationToken.None)).Select(r => r.Label));
    }

    [Fact]
    public async Task Scopes_list_only_where_registrations_are_with_their_counts_in_account_and_region_order()
    {
        var store = await OpenAsync("scopes");
        RegistryScope other = new("210987654321", "us-east-1"), west = new(Scope.Account, "eu-west-1"), emptied = new("333333333333", "us-east-1");
        await store.InsertAsync(Registration("a", west), 100, null, null, CancellationToken.None);
        await store.InsertAsync(Registration("a"), 100, null, null, CancellationToken.None);
        await store.InsertAsync(Registration("b"), 100, null, null, CancellationToken.None);
        await store.InsertAsync(Registration("a", other), 100, null, null, CancellationToken.None);
        await store.InsertAsync(Registration("gone", emptied), 100, null, null, CancellationToken.None);
        await store.DeleteAsync(emptied, "gone", false, null, CancellationToken.None);

        Assert.Equal(
            [new ScopeSummary(west, 1), new ScopeSummary(Scope, 2), new ScopeSummary(other, 1)],
            await store.ListScopesAsync(null, CancellationToken.None));
        Assert.Equal([new ScopeSummary(west, 1), new ScopeSummary(Scope, 2)], await store.ListScopesAsync(Scope.Account, CancellationToken.None));
        Assert.Empty(await store.ListScopesAsync(emptied.Account, CancellationToken.None));
    }

    [Fact]
    public async Task Purging_deletes_at_most_the_batch_and_the_rest_in_later_batches()
    {
        var store = await OpenAsync("batches");
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 5; i++)
        {
            var claim = Claim($"t{i}", $"c{i}", now.AddHours(-10));
            await store.ClaimTokenAsync(claim, CancellationToken.None);
            await store.InsertAsync(Registration($"r{i}"), 100, claim.Complete($"arn-{i}"), null, CancellationToken.None);
        }

        Assert.Equal(2, await store.PurgeTokensAsync(now.AddHours(-8), 2, CancellationToken.None));
        Assert.Equal(2, await store.PurgeTokensAsync(now.AddHours(-8), 2, CancellationToken.None));
        Assert.Equal(1, await store.PurgeTokensAsync(now.AddHours(-8), 2, CancellationToken.None));
        Assert.Equal(0, await store.PurgeTokensAsync(now.AddHours(-8), 2, CancellationToken.None));
    }

    /// <summary>Two stores (as two nodes) over one new database.</summary>
    private protected abstract Task<(IRegistryStore First, IRegistryStore Second)> OpenTwinsAsync(string name);

    /// <summary>On SQLite files.</summary>
    public sealed class OnSqlite : RegistryStoreContractTests
    {
        private readonly string directory = Directory.CreateTempSubdirectory("appflow-store-").FullName;
        private readonly List<SqliteRegistryStore> stores = [];

        public override async Task DisposeAsync()
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }

            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }

        private protected override async Task<IRegistryStore> OpenAsync(string name) => await OpenOverAsync(Path.Combine(directory, name + ".db"));

        private protected override async Task<(IRegistryStore First, IRegistryStore Second)> OpenTwinsAsync(string name)
        {
            var path = Path.Combine(directory, name + ".db");
            return (await OpenOverAsync(path), await OpenOverAsync(path));
        }

        private async Task<SqliteRegistryStore> OpenOverAsync(string path)
        {
            var store = new SqliteRegistryStore(Options.Create(new StorageOptions { ConnectionString = path }));
            stores.Add(store);
            await store.InitializeAsync(CancellationToken.None);
            return store;
        }
    }

    /// <summary>On databases of the test run's PostgreSQL cluster.</summary>
    public sealed class OnPostgres : RegistryStoreContractTests
    {
        private readonly List<string> databases = [];
        private readonly List<PostgresRegistryStore> stores = [];

        public override async Task DisposeAsync()
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }

            var cluster = await PostgresCluster.Shared;
            foreach (var database in databases)
            {
                await cluster.DropDatabaseAsync(database);
            }
        }

        private protected override async Task<IRegistryStore> OpenAsync(string name) => await OpenOverAsync(await NewDatabaseAsync());

        [Fact]
        public async Task A_version_4_database_counts_the_profiles_it_holds_when_it_is_migrated()
        {
            var database = await NewDatabaseAsync();
            var current = await OpenOverAsync(database);
            await current.InsertAsync(Registration("crm"), 10, null, null, CancellationToken.None);
            Assert.Equal(StoreWriteOutcome.Written, await InsertProfileAsync(current, Profile("p", "crm"), 10, null, CancellationToken.None));

            // Back to the shape version 4 had: no shards, no profile counter, no oauth2_properties, no pending_secrets.
            await ExecuteAsync(database, BackToVersion5 +
                "ALTER TABLE scope_counts DROP COLUMN profiles; ALTER TABLE connector_profiles DROP COLUMN oauth2_properties; " +
                "DROP TABLE pending_secrets; UPDATE schema_version SET version = 4;");

            var migrated = await OpenOverAsync(database);
            Assert.Equal(1, await migrated.CountProfilesAsync(Scope, 10, CancellationToken.None));
            Assert.Equal(StoreWriteOutcome.QuotaExceeded, await InsertProfileAsync(migrated, Profile("q", "crm"), 1, null, CancellationToken.None));
            var profile = Assert.Single(await migrated.ListProfilesAsync(Scope, null, null, null, 10, CancellationToken.None));
            Assert.Null(profile.OAuth2Properties);

            // A profile from before revisions starts at 1, and updates from there.
            Assert.Equal(1, profile.Revision);
            Assert.Equal(StoreWriteOutcome.Written, await migrated.UpdateProfileAsync(profile with { ConnectionMode = "Private" }, null, CancellationToken.None));
            Assert.Equal(StoreWriteOutcome.Stale, await migrated.UpdateProfileAsync(profile with { ConnectionMode = "Public" }, null, CancellationToken.None));
        }

        [Fact]
        public async Task A_version_5_database_keeps_its_counts_when_it_is_migrated_and_counts_on_from_them()
        {
            var database = await NewDatabaseAsync();
            var current = await OpenOverAsync(database);
            var west = new RegistryScope(Scope.Account, "eu-west-1");
            foreach (var label in new[] { "a", "b", "c", "gone" })
            {
                Assert.Equal(StoreWriteOutcome.Written, await current.InsertAsync(Registration(label), 100, null, null, CancellationToken.None));
            }

            Assert.Equal(StoreWriteOutcome.Written, await current.DeleteAsync(Scope, "gone", force: false, null, CancellationToken.None));
            Assert.Equal(StoreWriteOutcome.Written, await current.InsertAsync(Registration("a", west), 100, null, null, CancellationToken.None));

            // Back to the shape version 5 had: every count in scope_counts (never below zero), no shards.
            await ExecuteAsync(database, BackToVersion5 + "UPDATE schema_version SET version = 5;");
            Assert.Equal(3, await ScalarAsync(database, "SELECT connectors FROM scope_counts WHERE region = 'us-east-1';"));

            var migrated = await OpenOverAsync(database);
            Assert.Equal(3, await migrated.CountAsync(Scope, 100, CancellationToken.None));
            Assert.Equal(1, await migrated.CountAsync(west, 100, CancellationToken.None));
            Assert.Equal(StoreWriteOutcome.Written, await migrated.InsertAsync(Registration("d"), 4, null, null, CancellationToken.None));
            Assert.Equal(StoreWriteOutcome.QuotaExceeded, await migrated.InsertAsync(Registration("e"), 4, null, null, CancellationToken.None));
            Assert.Equal(StoreWriteOutcome.Written, await migrated.DeleteAsync(Scope, "a", force: false, null, CancellationToken.None));
            Assert.Equal(3, await migrated.CountAsync(Scope, 100, CancellationToken.None));
            Assert.Equal(StoreWriteOutcome.Written, await migrated.InsertAsync(Registration("e"), 100, null, null, CancellationToken.None));
            Assert.Equal(4, await migrated.CountAsync(Scope, 100, CancellationToken.None));
        }

        [Fact]
        public async Task A_registration_counted_on_a_shard_but_not_yet_committed_holds_its_place_against_the_exact_count()
        {
            var database = await NewDatabaseAsync();
            var store = await OpenOverAsync(database);

            // Another node's registration between its shard-path count and its commit (as the store's batch
            // leaves it): admitted far from the quota of 20, and still in flight when the quota is reached.
            await using var connection = new Npgsql.NpgsqlConnection(database);
            await connection.OpenAsync();
            await using var inFlight = await connection.BeginTransactionAsync();
            await using (var command = new Npgsql.NpgsqlCommand(
                "INSERT INTO scope_count_shards VALUES (@account, @region, 3, 1) ON CONFLICT (account, region, shard) DO UPDATE SET connectors = scope_count_shards.connectors + 1; " +
                "INSERT INTO connectors VALUES (@account, @region, 'in-flight', 'id-in-flight', 1, 'arn', NULL, 'LAMBDA', 'arn:aws:lambda:us-east-1:123456789012:function:f', 0, 'me', '{}');",
                connection, inFlight))
            {
                command.Parameters.AddWithValue("account", Scope.Account);
                command.Parameters.AddWithValue("region", Scope.Region);
                await command.ExecuteNonQueryAsync();
            }

            var inserts = Enumerable.Range(0, 40).Select(i => store.InsertAsync(Registration($"r{i}"), 20, null, null, CancellationToken.None)).ToList();
            await Task.Delay(1000);
            Assert.Contains(inserts, insert => !insert.IsCompleted);
            await inFlight.CommitAsync();

            var outcomes = await Task.WhenAll(inserts);
            Assert.Equal(19, outcomes.Count(o => o == StoreWriteOutcome.Written));
            Assert.Equal(21, outcomes.Count(o => o == StoreWriteOutcome.QuotaExceeded));
            Assert.Equal(20, await store.CountAsync(Scope, 100, CancellationToken.None));
        }

        [Fact]
        public async Task An_unregister_never_waits_for_registrations_in_flight_on_the_shards()
        {
            var database = await NewDatabaseAsync();
            var store = await OpenOverAsync(database);
            Assert.Equal(StoreWriteOutcome.Written, await store.InsertAsync(Registration("crm"), 100, null, null, CancellationToken.None));

            // Registrations in flight on every shard (each holds its shard to its commit). Had an unregister to
            // take a shard, one of them registering the same label would wait for it while it waited for them.
            await using var connection = new Npgsql.NpgsqlConnection(database);
            await connection.OpenAsync();
            await using var inFlight = await connection.BeginTransactionAsync();
            await using (var command = new Npgsql.NpgsqlCommand(
                "INSERT INTO scope_count_shards SELECT @account, @region, shard, 0 FROM generate_series(0, 15) AS shard " +
                "ON CONFLICT (account, region, shard) DO UPDATE SET connectors = scope_count_shards.connectors;", connection, inFlight))
            {
                command.Parameters.AddWithValue("account", Scope.Account);
                command.Parameters.AddWithValue("region", Scope.Region);
                await command.ExecuteNonQueryAsync();
            }

            var delete = store.DeleteAsync(Scope, "crm", force: false, null, CancellationToken.None);
            Assert.Same(delete, await Task.WhenAny(delete, Task.Delay(TimeSpan.FromSeconds(10))));
            Assert.Equal(StoreWriteOutcome.Written, await delete);
            await inFlight.RollbackAsync();
            Assert.Equal(0, await store.CountAsync(Scope, 100, CancellationToken.None));
        }

        /// <summary>Undoes schema step 6: the shards' counts go back into scope_counts, as version 5 kept them.</summary>
        private const string BackToVersion5 =
            "INSERT INTO scope_counts (account, region, connectors, profiles) " +
            "SELECT account, region, sum(connectors), 0 FROM scope_count_shards GROUP BY account, region " +
            "ON CONFLICT (account, region) DO UPDATE SET connectors = scope_counts.connectors + excluded.connectors; " +
            "DROP TABLE scope_count_shards; ALTER TABLE scope_counts ADD CONSTRAINT scope_counts_connectors_check CHECK (connectors >= 0); " +
            "ALTER TABLE connector_profiles DROP COLUMN revision; ";

        private static async Task ExecuteAsync(string database, string sql)
        {
            await using var connection = new Npgsql.NpgsqlConnection(database);
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }

        private static async Task<int> ScalarAsync(string database, string sql)
        {
            await using var connection = new Npgsql.NpgsqlConnection(database);
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand(sql, connection);
            return (int)(await command.ExecuteScalarAsync())!;
        }

        private protected override async Task<(IRegistryStore First, IRegistryStore Second)> OpenTwinsAsync(string name)
        {
            var database = await NewDatabaseAsync();
            var stores = await Task.WhenAll(OpenOverAsync(database), OpenOverAsync(database));
            return (stores[0], stores[1]);
        }

        [Fact]
        public async Task Reads_are_multiplexed_unless_the_connection_string_says_otherwise()
        {
            var database = await NewDatabaseAsync();
            await using var chosen = PostgresStore(database);
            Assert.True(chosen.Multiplexed);
            await using var own = PostgresStore(database + ";Multiplexing=false");
            Assert.False(own.Multiplexed);
            await own.InitializeAsync(CancellationToken.None);
            Assert.Equal(StoreWriteOutcome.Written, await own.InsertAsync(Registration("a"), 10, null, null, CancellationToken.None));
            Assert.NotNull(await own.FindAsync(Scope, "a", CancellationToken.None));
        }

        [Fact]
        public async Task A_claim_that_finds_its_token_held_writes_nothing()
        {
            // Calls claim before they look on PostgreSQL, so a replay is a claim that finds the token held: it must
            // leave the row as it was (not even lock it, which writes), or every replay would be a write.
            var database = await NewDatabaseAsync();
            var store = await OpenOverAsync(database);
            Assert.True(store.ClaimsBeforeLooking);
            var now = DateTimeOffset.UtcNow;
            var first = Claim("t", "first", now);
            Assert.Null(await store.ClaimTokenAsync(first, CancellationToken.None));
            var pending = await RowVersionAsync(database);
            Assert.Equal(TokenState.Pending, (await store.ClaimTokenAsync(Claim("t", "second", now), CancellationToken.None))!.State);
            Assert.Equal(pending, await RowVersionAsync(database));

            Assert.Equal(StoreWriteOutcome.Written, await store.InsertAsync(Registration("a"), 10, first.Complete("arn-a"), null, CancellationToken.None));
            var done = await RowVersionAsync(database);
            var replayed = await store.ClaimTokenAsync(Claim("t", "third", now), CancellationToken.None);
            Assert.Equal((TokenState.Done, "arn-a"), (replayed!.State, replayed.Response));
            Assert.Equal(done, await RowVersionAsync(database));
            Assert.NotEqual(pending, done);

            static async Task<string> RowVersionAsync(string database)
            {
                await using var connection = new Npgsql.NpgsqlConnection(database);
                await connection.OpenAsync();
                await using var command = new Npgsql.NpgsqlCommand("SELECT xmin::text || '/' || xmax::text FROM idempotency_tokens;", connection);
                return (string)(await command.ExecuteScalarAsync())!;
            }
        }

        [Fact]
        public async Task A_claim_that_waited_for_a_racing_claim_of_a_new_token_is_not_claimed_even_before_it_can_read_the_holder()
        {
            // The claim is one statement: when it waits for another claim's insert of the same new token, the row
            // committed meanwhile is not in its snapshot. It must not say claimed (two calls would run), and it says
            // "held by something already over", so the ledger asks again and then reads the holder.
            var database = await NewDatabaseAsync();
            var store = await OpenOverAsync(database);
            var now = DateTimeOffset.UtcNow;
            await using var racing = new Npgsql.NpgsqlConnection(database);
            await racing.OpenAsync();
            await using var transaction = await racing.BeginTransactionAsync();
            await using (var insert = new Npgsql.NpgsqlCommand(
                "INSERT INTO idempotency_tokens (account, region, operation, token, request_hash, response, created_at, state, claim_id, lease_until) " +
                $"VALUES ('{Scope.Account}', '{Scope.Region}', 'RegisterConnector', 't', 'h', '', {now.ToUnixTimeMilliseconds()}, 'pending', 'racing', " +
                $"{now.AddSeconds(20).ToUnixTimeMilliseconds()});", racing, transaction))
            {
                await insert.ExecuteNonQueryAsync();
            }

            var waiting = store.ClaimTokenAsync(Claim("t", "mine", now), CancellationToken.None);
            await Task.Delay(300);
            Assert.False(waiting.IsCompleted);
            await transaction.CommitAsync();

            var first = await waiting;
            Assert.NotNull(first);
            Assert.Equal(TokenState.Pending, first.State);
            var again = await store.ClaimTokenAsync(Claim("t", "mine-again", now), CancellationToken.None);
            Assert.Equal((TokenState.Pending, now.AddSeconds(20).ToUnixTimeMilliseconds()), (again!.State, again.LeaseUntil!.Value.ToUnixTimeMilliseconds()));
        }

        [Fact]
        public async Task A_claim_sent_again_after_its_first_sending_committed_is_still_claimed()
        {
            // A claim is sent again on a new connection when the first was lost (the database restarted under an
            // idle pool); if the first sending had committed, the second must find its own claim, not a holder.
            var store = await OpenOverAsync(await NewDatabaseAsync());
            var now = DateTimeOffset.UtcNow;
            var claim = Claim("t", "mine", now);
            Assert.Null(await store.ClaimTokenAsync(claim, CancellationToken.None));
            Assert.Null(await store.ClaimTokenAsync(claim, CancellationToken.None));
            Assert.Equal(TokenState.Pending, (await store.ClaimTokenAsync(Claim("t", "another", now), CancellationToken.None))!.State);
        }

        [Fact]
        public async Task A_registration_or_an_update_returns_only_once_its_commit_has_succeeded()
        {
            // A registration and an update send their commit with their statements: what fails only at the commit
            // (here a deferred trigger) must fail the write, not be acknowledged as written and then rolled back.
            var database = await NewDatabaseAsync();
            var store = await OpenOverAsync(database);
            Assert.Equal(StoreWriteOutcome.Written, await store.InsertAsync(Registration("a"), 10, null, null, CancellationToken.None));
            var read = (await store.FindAsync(Scope, "a", CancellationToken.None))!;
            await ExecuteAsync(database,
                "CREATE FUNCTION refuse_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused at commit'; END $$; " +
                "CREATE CONSTRAINT TRIGGER at_commit AFTER INSERT OR UPDATE ON connectors DEFERRABLE INITIALLY DEFERRED " +
                "FOR EACH ROW EXECUTE FUNCTION refuse_at_commit();");

            await Assert.ThrowsAsync<Npgsql.PostgresException>(() => store.InsertAsync(Registration("b"), 10, null, null, CancellationToken.None));
            await Assert.ThrowsAsync<Npgsql.PostgresException>(() => store.ReplaceAsync(read with { Description = "changed" }, null, null, CancellationToken.None));

            await ExecuteAsync(database, "DROP TRIGGER at_commit ON connectors;");
            Assert.Null(await store.FindAsync(Scope, "b", CancellationToken.None));
            Assert.Equal(read.Description, (await store.FindAsync(Scope, "a", CancellationToken.None))!.Description);
            Assert.Equal(1, await store.CountAsync(Scope, 10, CancellationToken.None));
        }

        [Fact]
        public async Task Writes_run_at_read_committed_where_the_database_defaults_to_serializable()
        {
            // A registration's commit travels with its statements (an implicit transaction, at the session's
            // default level). At SERIALIZABLE, registrations side by side, each counting every shard and adding
            // to one, would fail one another with serialization failures.
            var database = await NewDatabaseAsync();
            var name = new Npgsql.NpgsqlConnectionStringBuilder(database).Database;
            await ExecuteAsync(database, $"ALTER DATABASE \"{name}\" SET default_transaction_isolation = 'serializable';");
            var store = await OpenOverAsync(database);

            var outcomes = await Task.WhenAll(Enumerable.Range(0, 32).Select(i =>
                Task.Run(() => store.InsertAsync(Registration($"c{i}"), 1000, null, null, CancellationToken.None))));

            Assert.All(outcomes, outcome => Assert.Equal(StoreWriteOutcome.Written, outcome));
            Assert.Equal(32, await store.CountAsync(Scope, 1000, CancellationToken.None));
        }

        [Fact]
        public async Task A_read_is_answered_from_memory_until_anything_commits_in_the_cluster_and_a_write_in_flight_is_seen_once_it_commits()
        {
            var database = await NewDatabaseAsync();
            var store = await OpenOverAsync(database);
            Assert.Equal(StoreWriteOutcome.Written, await store.InsertAsync(Registration("a"), 10, null, null, CancellationToken.None));

            // Kept between commits. The cluster is shared with the other tests, whose commits end what was kept
            // too (a snapshot is the cluster's): the same answer twice in a row shows it, given a few tries.
            Assert.True(await AnsweredTwiceAlikeAsync(() => store.FindAsync(Scope, "a", CancellationToken.None)));
            Assert.True(await AnsweredTwiceAlikeAsync(() => store.ListAsync(Scope, null, 10, CancellationToken.None)));

            // Another node's write, in flight while this node reads, then committed.
            await using var connection = new Npgsql.NpgsqlConnection(database);
            await connection.OpenAsync();
            await using var inFlight = await connection.BeginTransactionAsync();
            await using (var command = new Npgsql.NpgsqlCommand(
                "UPDATE connectors SET description = 'from elsewhere', revision = revision + 1 WHERE label = 'a';", connection, inFlight))
            {
                Assert.Equal(1, await command.ExecuteNonQueryAsync());
            }

            for (var i = 0; i < 2; i++)
            {
                Assert.Null((await store.FindAsync(Scope, "a", CancellationToken.None))!.Description);
                Assert.Null(Assert.Single(await store.ListAsync(Scope, null, 10, CancellationToken.None)).Description);
            }

            await inFlight.CommitAsync();
            Assert.Equal("from elsewhere", (await store.FindAsync(Scope, "a", CancellationToken.None))!.Description);
            Assert.Equal("from elsewhere", Assert.Single(await store.ListAsync(Scope, null, 10, CancellationToken.None)).Description);

            // A commit that changes nothing a read returns, even in another database, still ends what was kept: any commit does.
            var kept = await store.FindAsync(Scope, "a", CancellationToken.None);
            await ScalarAsync(await NewDatabaseAsync(), "SELECT 1 FROM (SELECT txid_current()) AS committed;");
            Assert.NotSame(kept, await store.FindAsync(Scope, "a", CancellationToken.None));
        }

        private static async Task<bool> AnsweredTwiceAlikeAsync<T>(Func<Task<T>> read)
        {
            for (var attempt = 0; attempt < 100; attempt++)
            {
                if (ReferenceEquals(await read(), await read()))
                {
                    return true;
                }
            }

            return false;
        }

        private async Task<string> NewDatabaseAsync()
        {
            var database = await (await PostgresCluster.Shared).CreateDatabaseAsync();
            databases.Add(database);
            return database;
        }

        private async Task<PostgresRegistryStore> OpenOverAsync(string connectionString)
        {
            var store = PostgresStore(connectionString);
            lock (stores)
            {
                stores.Add(store);
            }

            await store.InitializeAsync(CancellationToken.None);
            return store;
        }
    }

    internal static PostgresRegistryStore PostgresStore(string connectionString, TimeSpan? startupTimeout = null) =>
        new(Options.Create(new StorageOptions { Provider = "Postgres", ConnectionString = connectionString, StartupTimeout = startupTimeout ?? TimeSpan.FromSeconds(30) }),
            new DatabaseHealth(NullLogger<DatabaseHealth>.Instance));
}
