using System.Text.Json;
using AppFlowLocal.Tests.Infrastructure;

namespace AppFlowLocal.Tests.Interop;

/// <summary>A server that lets each account send 5 requests at once and 20 a second after that.</summary>
public sealed class ThrottlingInteropFixture : InteropFixture
{
    protected override IEnumerable<string> Settings => ["--Throttling:RequestsPerSecond=20", "--Throttling:Burst=5"];
}

/// <summary>The 429 ThrottlingException as boto3 meets it: retried by boto3 itself, and felt by no other account.</summary>
public sealed class ThrottlingInteropTests(ThrottlingInteropFixture fixture) : IClassFixture<ThrottlingInteropFixture>
{
    [Fact]
    public async Task Boto3_retries_a_throttled_burst_by_itself_while_a_second_account_is_served_without_a_retry()
    {
        var busy = fixture.NewCaller();
        var quiet = fixture.NewCaller();
        var output = await SdkClients.RunAsync(fixture, SdkClients.Boto3, busy.Account, "throttle", new Dictionary<string, string>
        {
            ["BUSY_CALLS"] = "40",
            ["OTHER_ACCOUNT"] = quiet.Account,
            ["OTHER_CALLS"] = "5",
        });

        var busyCalls = output.GetProperty("busy").EnumerateArray().ToList();
        Assert.Equal(40, busyCalls.Count);
        Assert.All(busyCalls, c => Assert.True(c.GetProperty("error").ValueKind == JsonValueKind.Null, $"boto3 gave up on a throttled call: {c}"));

        // 40 calls as fast as boto3 sends them cannot fit a bucket of 5 refilled at 20 a second without retries.
        var retries = busyCalls.Sum(c => c.GetProperty("retryAttempts").GetInt32());
        Assert.True(retries > 0, $"boto3 never retried: {output}");

        var quietCalls = output.GetProperty("quiet").EnumerateArray().ToList();
        Assert.Equal(5, quietCalls.Count);
        Assert.All(quietCalls, c => Assert.Equal(0, c.GetProperty("retryAttempts").GetInt32()));
        Assert.True(output.GetProperty("quietEndedBeforeBusy").GetBoolean(), $"The second account's calls did not overlap the throttled burst: {output}");
    }
}
