using AppFlowLocal.Registry;
using AppFlowLocal.Storage;

namespace AppFlowLocal.Tests.Storage;

/// <summary>The kept answers' rules, with marks that are plain numbers and a newest mark the test sets.</summary>
public sealed class RecentReadsTests
{
    private static readonly RegistryScope Scope = new("123456789012", "us-east-1");
    private static readonly RecentReads.ReadKey A = new(Listing: false, Scope, "a", 0);
    private static readonly RecentReads.ReadKey B = new(Listing: false, Scope, "b", 0);

    private int? newest;

    [Fact]
    public void A_read_skips_learning_the_mark_only_when_nothing_is_kept_for_it_and_the_kept_set_is_as_new_as_the_newest_mark()
    {
        var recent = new RecentReads<int>(() => newest);

        // Nothing seen yet: only a mark lets what is read be kept.
        Assert.True(recent.WorthLooking(A));
        newest = 1;
        Assert.True(recent.WorthLooking(A));

        recent.Keep(1, A, "a at 1");
        Assert.True(recent.WorthLooking(A));
        Assert.True(recent.TryGet(1, A, out var kept));
        Assert.Equal("a at 1", kept);

        // B is not kept and the set is current: the mark could not save the read, and B read under mark 1 is kept.
        Assert.False(recent.WorthLooking(B));
        recent.Keep(1, B, "b at 1");
        Assert.True(recent.TryGet(1, B, out _));

        // Something committed (a newer mark was seen): the set is old, so reads look again, and nothing old is answered.
        newest = 2;
        Assert.True(recent.WorthLooking(B));
        Assert.False(recent.TryGet(2, A, out _));

        // An answer under an older mark does not replace the set; one under the newest does.
        recent.Keep(1, A, "a at 1 again");
        Assert.False(recent.TryGet(2, A, out _));
        recent.Keep(2, A, "a at 2");
        Assert.True(recent.TryGet(2, A, out kept));
        Assert.Equal("a at 2", kept);
        Assert.False(recent.TryGet(2, B, out _));
        Assert.False(recent.WorthLooking(B));
    }

    [Fact]
    public void A_read_that_skipped_learning_the_mark_and_found_storage_newer_makes_the_next_read_learn_it()
    {
        // On PostgreSQL the newest mark is only what the last check saw. A read that skipped the check and read
        // under a newer snapshot (another node committed) cannot be kept; were the next reads to skip the check
        // too, the newest mark would never move and nothing would be kept again.
        var recent = new RecentReads<int>(() => newest);
        newest = 1;
        recent.Keep(1, A, "a at 1");
        Assert.False(recent.WorthLooking(B));

        recent.Keep(2, B, "b at 2");
        Assert.False(recent.TryGet(2, B, out _));
        Assert.True(recent.WorthLooking(B));

        // The check the next read sends sees mark 2: what it reads then is kept.
        newest = 2;
        recent.Keep(2, B, "b at 2");
        Assert.True(recent.TryGet(2, B, out _));
        Assert.False(recent.WorthLooking(A));
    }
}
