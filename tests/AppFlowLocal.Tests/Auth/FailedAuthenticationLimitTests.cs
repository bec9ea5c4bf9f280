using System.Net;
using AppFlowLocal.Connectors;
using AppFlowLocal.Tests.Infrastructure;
using static AppFlowLocal.Tests.Auth.SigV4Callers;

namespace AppFlowLocal.Tests.Auth;

/// <summary>
/// Guessing secrets is limited per source address and per access key, through signed requests and the console's
/// login alike, and nobody is locked out by failures made from another address. Each test uses its own addresses.
/// </summary>
public sealed class FailedAuthenticationLimitTests(FailedAttemptsServerFixture fixture) : IClassFixture<FailedAttemptsServerFixture>
{
    private const int PerSource = FailedAttemptsServerFixture.PerSource;

    [Fact]
    public async Task An_address_past_its_failures_is_throttled_even_when_right_and_another_address_is_not()
    {
        using var guesser = fixture.From(11);
        using var owner = fixture.From(12);
        var guesses = new List<AwsResponse>();
        for (var i = 0; i < PerSource + 5; i++)
        {
            guesses.Add(await AppFlowCaller.Signing(guesser, new AwsCredentials("AKIAGUESSED" + i, "guess", null), AliceAccount).PostAsync("/list-connectors", "{}"));
        }

        var rightFromGuesser = await AppFlowCaller.Signing(guesser, Alice, AliceAccount).PostAsync("/list-connectors", "{}");
        var rightFromOwner = await AppFlowCaller.Signing(owner, Alice, AliceAccount).PostAsync("/list-connectors", "{}");

        Assert.Equal(PerSource, guesses.Count(r => r.Status == HttpStatusCode.Forbidden));
        Assert.All(guesses.Skip(PerSource).Append(rightFromGuesser), r =>
        {
            r.AssertError("ThrottlingException", 429);
            Assert.Equal("Too many failed authentication attempts from this address; wait a few minutes before trying again.", r.ErrorMessage);
            Assert.False(string.IsNullOrEmpty(r.RequestId));
        });
        rightFromOwner.AssertOk();
    }

    [Fact]
    public async Task Once_a_keys_failures_are_spent_each_address_gets_one_more_guess_and_the_right_secret_still_gets_in()
    {
        var wrong = Carol with { SecretAccessKey = "not-carols-secret" };
        var first = new List<AwsResponse>();
        foreach (var host in new[] { 21, 22, 23 })
        {
            using var client = fixture.From(host);
            first.Add(await AppFlowCaller.Signing(client, wrong, CarolAccount).PostAsync("/list-connectors", "{}"));
        }

        using var third = fixture.From(23);
        var againFromThird = await AppFlowCaller.Signing(third, wrong, CarolAccount).PostAsync("/list-connectors", "{}");
        var rightFromThird = await AppFlowCaller.Signing(third, Carol, CarolAccount).PostAsync("/list-connectors", "{}");
        using var firstGuesser = fixture.From(21);
        var rightFromFirst = await AppFlowCaller.Signing(firstGuesser, Carol, CarolAccount).PostAsync("/list-connectors", "{}");
        using var owner = fixture.From(24);
        var rightFromOwner = await AppFlowCaller.Signing(owner, Carol, CarolAccount).PostAsync("/list-connectors", "{}");

        // Each address failed once, within its own budget; the third found the key's budget spent and lost its own.
        Assert.All(first, r => r.AssertError("InvalidSignatureException", 403));
        againFromThird.AssertError("ThrottlingException", 429);
        rightFromThird.AssertError("ThrottlingException", 429);
        rightFromFirst.AssertOk();
        rightFromOwner.AssertOk();
    }

    [Fact]
    public async Task The_consoles_login_says_so_after_too_many_failures_from_an_address_and_logs_in_from_another()
    {
        using var guesser = fixture.From(31);
        using var owner = fixture.From(32);
        var statuses = new List<HttpStatusCode>();
        string last = "";
        for (var i = 0; i < PerSource + 2; i++)
        {
            (var status, last) = await LogInAsync(guesser, "AKIAGUESSED" + i, "guess");
            statuses.Add(status);
        }

        var (rightFromGuesser, page) = await LogInAsync(guesser, Alice.AccessKeyId, Alice.SecretAccessKey);
        var (rightFromOwner, _) = await LogInAsync(owner, Alice.AccessKeyId, Alice.SecretAccessKey);

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, PerSource), HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, rightFromGuesser);
        Assert.Contains("Too many failed logins from this address. Wait a few minutes before trying again.", page, StringComparison.Ordinal);
        Assert.Equal(page, last);
        Assert.Equal(HttpStatusCode.Redirect, rightFromOwner);
    }

    [Fact]
    public void The_failure_budgets_are_settings_the_server_knows()
    {
        Assert.DoesNotContain("FailedAttempts is not a setting", fixture.Server.Output, StringComparison.Ordinal);
    }

    private static async Task<(HttpStatusCode, string)> LogInAsync(HttpClient client, string key, string secret)
    {
        using var response = await client.PostAsync("/console/login",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["accessKeyId"] = key, ["secretAccessKey"] = secret, ["sessionToken"] = "" }));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
