using AppFlowLocal.Connectors;
using AppFlowLocal.Tests.Infrastructure;

namespace AppFlowLocal.Tests.Auth;

/// <summary>The real server in sigv4 mode with <see cref="SigV4Callers"/>.</summary>
public sealed class SigV4ServerFixture : ServerFixture
{
    protected override IEnumerable<string> Settings => SigV4Callers.Settings(Directory);

    internal AppFlowCaller Signing(AwsCredentials credentials, string account, string region = "us-east-1", TimeSpan clockSkew = default) =>
        AppFlowCaller.Signing(Client, credentials, account, region, clockSkew);
}
