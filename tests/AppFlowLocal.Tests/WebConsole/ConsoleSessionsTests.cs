using AppFlowLocal.Observability;
using AppFlowLocal.WebConsole;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AppFlowLocal.Tests.WebConsole;

/// <summary>Console logins in sigv4 mode: opaque, bounded in time, ended by logout.</summary>
public sealed class ConsoleSessionsTests
{
    private readonly FakeTimeProvider time = new(DateTimeOffset.UnixEpoch.AddYears(56));

    private ConsoleSessions Sessions(TimeSpan lifetime) => new(Options.Create(new ConsoleOptions { SessionLifetime = lifetime }), time);

    [Fact]
    public void A_session_lasts_its_configured_lifetime_and_no_longer()
    {
        var sessions = Sessions(TimeSpan.FromHours(12));
        var session = sessions.Start("111111111111", "AKIAALICE");

        time.Advance(TimeSpan.FromHours(12) - TimeSpan.FromSeconds(1));
        Assert.Equal("111111111111", sessions.Find(session.Id)?.Account);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(sessions.Find(session.Id));
    }

    [Fact]
    public void Ids_are_unguessable_and_logout_ends_only_its_own_session()
    {
        var sessions = Sessions(TimeSpan.FromHours(1));
        var first = sessions.Start("111111111111", "AKIAALICE");
        var second = sessions.Start("111111111111", "AKIAALICE");

        Assert.NotEqual(first.Id, second.Id);
        Assert.True(first.Id.Length >= 43, "256 random bits, base64url");
        sessions.End(first.Id);
        Assert.Null(sessions.Find(first.Id));
        Assert.NotNull(sessions.Find(second.Id));
        Assert.Null(sessions.Find("AKIAALICE"));
        Assert.Null(sessions.Find(null));
    }
}
