namespace AppFlowLocal.Tests.Interop;

/// <summary>A server whose accounts may register two connectors, so the quota is reached in three calls.</summary>
public sealed class QuotaInteropFixture : InteropFixture
{
    internal const int MaxConnectorsPerAccount = 2;

    protected override IEnumerable<string> Settings => [$"--Registry:MaxConnectorsPerAccount={MaxConnectorsPerAccount}"];
}
