using AppFlowLocal.Observability;
using AppFlowLocal.WebConsole;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AppFlowLocal.Tests.WebConsole;

/// <summary>Console logins in sigv4 mode: opaque, bounded in time, ended by logout.</summary>
public sealed class ConsoleSessionsTests
{
    private readonly FakeTimeProvider time = new(DateTimeOffset.UnixEpoch.AddYears(56));

    private ConsoleSessions Sessions(TimeSpan lifetime, int perAccessKey = 100) =>
        new(Options.Create(new ConsoleOptions { SessionLifetime = lifetime, SessionsPerAccessKey = perAccessKey }), time);

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

    [Fact]
    public void One_key_logging_in_more_often_than_any_cap_never_ends_another_keys_session()
    {
        var sessions = Sessions(TimeSpan.FromHours(12));
        var carol = sessions.Start("333333333333", "AKIACAROL");

        // More logins than the server ever held in total; each a moment later, so Carol's is always the oldest.
        for (var i = 0; i < 10_001; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(1));
            sessions.Start("111111111111", "AKIAALICE");
        }

        Assert.Equal("333333333333", sessions.Find(carol.Id)?.Account);
        Assert.Equal(101, sessions.Count);
    }

    [Fact]
    public void A_key_at_its_limit_ends_its_own_oldest_login_to_start_a_new_one()
    {
        var sessions = Sessions(TimeSpan.FromHours(12), perAccessKey: 2);
        var carol = sessions.Start("333333333333", "AKIACAROL");
        var first = sessions.Start("111111111111", "AKIAALICE");
        var second = sessions.Start("111111111111", "AKIAALICE");
        var third = sessions.Start("111111111111", "AKIAALICE");

        Assert.Null(sessions.Find(first.Id));
        Assert.NotNull(sessions.Find(second.Id));
        Assert.NotNull(sessions.Find(third.Id));
        Assert.NotNull(sessions.Find(carol.Id));
    }

    [Fact]
    public void Logged_out_and_expired_logins_do_not_count_against_the_keys_limit()
    {
        var sessions = Sessions(TimeSpan.FromHours(1), perAccessKey: 2);
        var expired = sessions.Start("111111111111", "AKIAALICE");
        time.Advance(TimeSpan.FromHours(1));
        var kept = sessions.Start("111111111111", "AKIAALICE");
        var ended = sessions.Start("111111111111", "AKIAALICE");
        sessions.End(ended.Id);

        var newest = sessions.Start("111111111111", "AKIAALICE");

        Assert.Null(sessions.Find(expired.Id));
        Assert.NotNull(sessions.Find(kept.Id));
        Assert.NotNull(sessions.Find(newest.Id));
    }
}
