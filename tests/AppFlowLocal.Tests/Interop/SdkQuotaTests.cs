using Functions = AppFlowLocal.Tests.Infrastructure.LambdaStandInHost.Functions;

namespace AppFlowLocal.Tests.Interop;

/// <summary>The registration quota through the SDKs, on a server that allows two connectors per account.</summary>
public abstract class SdkQuotaTests(QuotaInteropFixture fixture)
{
    public static TheoryData<string> Clients => SdkClients.All;

    [Theory]
    [MemberData(nameof(Clients))]
    public async Task A_registration_over_the_account_quota_raises_ServiceQuotaExceededException(string client)
    {
        var caller = fixture.NewCaller();
        var python = fixture.StandIn.Arn(Functions.SamplePython);
        var output = await SdkClients.RunAsync(fixture, client, caller.Account, "calls", new Dictionary<string, string>
        {
            ["CALLS"] = SdkCall.ToJson(
            [
                SdkCall.Register("first", "quota-1", python),
                SdkCall.Register("second", "quota-2", python),
                SdkCall.Register("over-quota", "quota-3", python),
                SdkCall.Update("update-within-quota", "quota-1", description: "updates do not count"),
            ]),
        });

        output.Call("first").AssertResponse("first register");
        output.Call("second").AssertResponse("second register");
        var error = output.Call("over-quota").AssertError("ServiceQuotaExceededException", 402, "third register");
        Assert.Contains($"quota of {QuotaInteropFixture.MaxConnectorsPerAccount}", error.Text("message"), StringComparison.Ordinal);
        output.Call("update-within-quota").AssertResponse("update at the quota");
    }

    /// <summary>On SQLite.</summary>
    public sealed class OnSqlite(QuotaInteropFixture fixture) : SdkQuotaTests(fixture), IClassFixture<QuotaInteropFixture>;

    /// <summary>On PostgreSQL.</summary>
    public sealed class OnPostgres(QuotaInteropFixture.OnPostgres fixture) : SdkQuotaTests(fixture), IClassFixture<QuotaInteropFixture.OnPostgres>;
}
