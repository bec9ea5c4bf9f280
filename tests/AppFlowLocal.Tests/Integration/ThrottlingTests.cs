using AppFlowLocal.Tests.Infrastructure;

namespace AppFlowLocal.Tests.Integration;

/// <summary>A server that lets each account and region send 5 requests at once and 2 a second after that.</summary>
public sealed class ThrottledServerFixture : ServerFixture
{
    internal const int Burst = 5;

    protected override IEnumerable<string> Settings => ["--Throttling:RequestsPerSecond=2", $"--Throttling:Burst={Burst}"];
}

/// <summary>
/// Throttling is a token bucket per account and region: beyond its burst an account gets AWS's 429
/// ThrottlingException, refused before anything is read or written, while every other account and
/// region is served as if nothing happened.
/// </summary>
public sealed class ThrottlingTests(ThrottledServerFixture fixture) : IClassFixture<ThrottledServerFixture>
{
    [Fact]
    public async Task An_account_beyond_its_burst_gets_ThrottlingException_while_other_accounts_and_regions_are_served()
    {
        var busy = fixture.NewCaller();
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => busy.DescribeAsync("absent")));

        // The bucket holds 5; at 2 a second at most one more can have arrived while the 20 were sent.
        var served = answers.Count(a => a.ErrorType == "ResourceNotFoundException");
        Assert.InRange(served, ThrottledServerFixture.Burst, ThrottledServerFixture.Burst + 1);
        var throttled = answers.Where(a => a.ErrorType != "ResourceNotFoundException").ToList();
        Assert.Equal(20 - served, throttled.Count);
        foreach (var answer in throttled)
        {
            answer.AssertError("ThrottlingException", 429);
            Assert.Equal("Rate exceeded", answer.ErrorMessage);
            Assert.True(Guid.TryParse(answer.RequestId, out _), "A throttled answer carries a request id too.");
        }

        // Meanwhile another account, and the busy account in another region, have their own full buckets.
        foreach (var other in new[] { fixture.NewCaller(), busy.InRegion("eu-west-1") })
        {
            var otherAnswers = await Task.WhenAll(Enumerable.Range(0, ThrottledServerFixture.Burst).Select(_ => other.DescribeAsync("absent")));
            Assert.All(otherAnswers, a => a.AssertError("ResourceNotFoundException", 404));
        }
    }

    [Fact]
    public async Task A_throttled_register_changes_nothing_and_the_bucket_refills_at_the_configured_rate()
    {
        var caller = fixture.NewCaller();
        var function = fixture.StandIn.NewFunction(LambdaStandInHost.Configuration("1.0"));
        await Task.WhenAll(Enumerable.Range(0, ThrottledServerFixture.Burst + 2).Select(_ => caller.DescribeAsync("absent")));

        (await caller.RegisterAsync("throttled", fixture.StandIn.Arn(function))).AssertError("ThrottlingException", 429);
        Assert.Equal(0, fixture.StandIn.Invocations(function));

        // 2 a second: after 1.5 s there are tokens again (not a timing assertion: any wait this long must refill).
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        (await caller.DescribeAsync("throttled")).AssertError("ResourceNotFoundException", 404);
    }

    [Fact]
    public async Task A_burst_of_0_turns_throttling_off()
    {
        await using var server = await AppFlowServer.StartAsync(fixture.Directory,
        [
            $"--Storage:ConnectionString=Data Source={Path.Combine(fixture.Directory, "unthrottled.db")}",
            "--Throttling:RequestsPerSecond=1",
            "--Throttling:Burst=0",
        ]);
        using var client = server.CreateClient();
        var caller = AppFlowCaller.InFreshAccount(client);

        var answers = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => caller.DescribeAsync("absent")));

        Assert.All(answers, a => a.AssertError("ResourceNotFoundException", 404));
    }
}
