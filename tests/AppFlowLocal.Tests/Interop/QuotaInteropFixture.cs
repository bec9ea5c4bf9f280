namespace AppFlowLocal.Tests.Interop;

/// <summary>A server whose accounts may register two connectors, so the quota is reached in three calls.</summary>
public class QuotaInteropFixture : InteropFixture
{
    internal const int MaxConnectorsPerAccount = 2;

    protected override IEnumerable<string> Settings => [$"--Registry:MaxConnectorsPerAccount={MaxConnectorsPerAccount}"];

    /// <summary>The same fixture over PostgreSQL.</summary>
    public new sealed class OnPostgres : QuotaInteropFixture
    {
        internal override bool UsesPostgres => true;
    }
}
