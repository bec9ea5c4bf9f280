using System.Net;
using AppFlowLocal.Wire;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AppFlowLocal.Tests.Wire;

/// <summary>The budget of failed authentications: what it refuses, when it forgives, and how much it remembers.</summary>
public sealed class FailedAttemptBudgetTests
{
    private static readonly IPAddress Guesser = IPAddress.Parse("192.0.2.7");
    private readonly FakeTimeProvider time = new(DateTimeOffset.UnixEpoch.AddYears(56));

    private FailedAttemptBudget Budget(int perSource = 3, int perKey = 2, double perMinute = 1, int tracked = 100) =>
        new(Options.Create(new FailedAttemptOptions { PerSource = perSource, PerAccessKey = perKey, RefillPerMinute = perMinute, TrackedSources = tracked }),
            new ConfiguredCredentials([new AuthCredential { AccessKeyId = "AKIAALICE", SecretAccessKey = "s", AccountId = "111111111111", UserName = "alice" }]),
            time);

    [Fact]
    public void An_address_is_refused_after_its_failures_and_admitted_again_as_the_budget_refills()
    {
        var budget = Budget(perSource: 3, perMinute: 1);
        var admitted = new List<bool>();
        for (var i = 0; i < 5; i++)
        {
            admitted.Add(budget.Admits(Guesser));
            budget.Failed(Guesser, "AKIANOBODY");
        }

        Assert.Equal([true, true, true, false, false], admitted);
        time.Advance(TimeSpan.FromSeconds(59));
        Assert.False(budget.Admits(Guesser));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(budget.Admits(Guesser));
        Assert.True(budget.Admits(IPAddress.Parse("192.0.2.8")));
    }

    [Fact]
    public void A_configured_key_past_its_failures_costs_each_address_its_whole_budget_and_unknown_keys_never_do()
    {
        var budget = Budget(perSource: 3, perKey: 2);
        var first = IPAddress.Parse("192.0.2.1");
        var second = IPAddress.Parse("192.0.2.2");
        var third = IPAddress.Parse("192.0.2.3");
        for (var i = 0; i < 10; i++)
        {
            budget.Failed(IPAddress.Parse($"198.51.100.{i}"), "AKIANOBODY");
        }

        budget.Failed(first, "AKIANOBODY");
        budget.Failed(first, "AKIAALICE");
        budget.Failed(second, "AKIAALICE");
        budget.Failed(third, "AKIAALICE");

        Assert.True(budget.Admits(first));
        Assert.True(budget.Admits(second));
        Assert.False(budget.Admits(third));
    }

    [Fact]
    public void An_ipv6_hosts_whole_64_is_one_address()
    {
        var budget = Budget(perSource: 1);
        budget.Failed(IPAddress.Parse("2001:db8:1:2::1"), null);

        Assert.False(budget.Admits(IPAddress.Parse("2001:db8:1:2:ffff::9")));
        Assert.True(budget.Admits(IPAddress.Parse("2001:db8:1:3::1")));
        Assert.Equal(IPAddress.Parse("192.0.2.7"), FailedAttemptBudget.SourceOf(IPAddress.Parse("::ffff:192.0.2.7")));
    }

    [Fact]
    public void At_most_the_configured_number_of_addresses_is_remembered_the_latest_failures_kept()
    {
        var budget = Budget(perSource: 1, tracked: 50);
        for (var i = 0; i < 1000; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(1));
            budget.Failed(new IPAddress([10, 0, (byte)(i / 256), (byte)(i % 256)]), null);
        }

        Assert.True(budget.TrackedSources <= 50, $"{budget.TrackedSources} addresses held");
        Assert.False(budget.Admits(new IPAddress([10, 0, 3, 231])));
    }
}
