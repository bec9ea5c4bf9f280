using AppFlowLocal.Tests.Infrastructure;
using Functions = AppFlowLocal.Tests.Infrastructure.LambdaStandInHost.Functions;

namespace AppFlowLocal.Tests.Integration;

public class ShortLivedTokenFixture : ServerFixture
{
    protected override IEnumerable<string> Settings => ["--Registry:IdempotencyLifetime=00:00:01", "--Registry:MaxConnectorsPerAccount=2"];

    /// <summary>The same fixture over PostgreSQL.</summary>
    public new sealed class OnPostgres : ShortLivedTokenFixture
    {
        internal override bool UsesPostgres => true;
    }
}

/// <summary>The lifetime and the quota are configurable, and both are enforced.</summary>
public abstract class ShortLivedTokensTests(ShortLivedTokenFixture fixture)
{
    [Fact]
    public async Task A_token_is_forgotten_after_the_configured_lifetime()
    {
        var caller = fixture.NewCaller();
        (await caller.RegisterAsync("early", fixture.StandIn.Arn(Functions.SamplePython), clientToken: "expiring")).AssertOk();
        await Task.Delay(TimeSpan.FromMilliseconds(1500));
        (await caller.RegisterAsync("late", fixture.StandIn.Arn(Functions.SamplePython), clientToken: "expiring")).AssertOk();
    }

    [Fact]
    public async Task Registrations_beyond_the_quota_are_refused()
    {
        var caller = fixture.NewCaller();
        (await caller.RegisterAsync("q1", fixture.StandIn.Arn(Functions.SamplePython))).AssertOk();
        (await caller.RegisterAsync("q2", fixture.StandIn.Arn(Functions.SamplePython))).AssertOk();
        var refused = (await caller.RegisterAsync("q3", fixture.StandIn.Arn(Functions.SamplePython))).AssertError("ServiceQuotaExceededException", 402);
        Assert.Contains("2", refused.ErrorMessage, StringComparison.Ordinal);
        (await fixture.NewCaller().RegisterAsync("q3", fixture.StandIn.Arn(Functions.SamplePython))).AssertOk();
        (await caller.UnregisterAsync("q1")).AssertOk();
        (await caller.RegisterAsync("q3", fixture.StandIn.Arn(Functions.SamplePython))).AssertOk();
    }

    /// <summary>On SQLite.</summary>
    public sealed class OnSqlite(ShortLivedTokenFixture fixture) : ShortLivedTokensTests(fixture), IClassFixture<ShortLivedTokenFixture>;

    /// <summary>On PostgreSQL.</summary>
    public sealed class OnPostgres(ShortLivedTokenFixture.OnPostgres fixture) : ShortLivedTokensTests(fixture), IClassFixture<ShortLivedTokenFixture.OnPostgres>;
}
