using AppFlowLocal.Tests.Infrastructure;

namespace AppFlowLocal.Tests.Integration;

/// <summary>The real server with its Lambda endpoint at a <see cref="RawHttpPeer"/>, which breaks HTTP as each test programs it.</summary>
public class LambdaTransportFixture : ServerFixture, IAsyncLifetime
{
    /// <summary>Started before the server, which is pointed at it.</summary>
    internal RawHttpPeer Lambda { get; } = new();

    protected override IEnumerable<string> Settings => [$"--Lambda:Endpoint={Lambda.Endpoint}"];

    /// <summary>Stops the peer after the server (ServerFixture's own disposal is not virtual).</summary>
    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Lambda.DisposeAsync();
    }

    /// <summary>The same fixture over PostgreSQL.</summary>
    public new sealed class OnPostgres : LambdaTransportFixture
    {
        internal override bool UsesPostgres => true;
    }
}
