using System.Net;
using AppFlowLocal.Tests.Auth;
using AppFlowLocal.Tests.Infrastructure;
using static AppFlowLocal.Tests.WebConsole.ConsoleBrowser;

namespace AppFlowLocal.Tests.WebConsole;

/// <summary>
/// The console in sigv4 mode: nothing without a login, a login only with a configured credential, and then only
/// that account's connectors. In a real browser (the cookie's flags are the browser's to honour); on SQLite only,
/// as <see cref="WebConsoleBrowserTests"/>.
/// </summary>
public abstract class WebConsoleLoginTests(SigV4ServerFixture fixture)
{
    private Uri At(string path) => new(fixture.Server.BaseAddress, path);

    /// <summary>A client that shows redirects rather than following them, and sends only the cookies a test sets.</summary>
    private HttpClient Plain() => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = fixture.Server.BaseAddress };

    [Fact]
    public async Task A_wrong_secret_is_refused_and_an_account_sees_only_its_own_connectors_until_it_logs_out()
    {
        var function = fixture.StandIn.NewFunction(LambdaStandInHost.Configuration("1.0"));
        (await fixture.Signing(SigV4Callers.Alice, SigV4Callers.AliceAccount).RegisterAsync("alice-crm", fixture.StandIn.Arn(function))).AssertOk();
        var carol = fixture.Signing(SigV4Callers.Carol, SigV4Callers.CarolAccount, "eu-west-1");
        (await carol.RegisterAsync("carol-crm", fixture.StandIn.Arn(function))).AssertOk();
        var carolsPage = $"/console/accounts/{SigV4Callers.CarolAccount}/regions/eu-west-1/connectors/carol-crm";

        var views = await RunAsync(
            GoTo(At("/")),
            Fill("input[name=accessKeyId]", SigV4Callers.Alice.AccessKeyId), Fill("input[name=secretAccessKey]", "not-" + SigV4Callers.Alice.SecretAccessKey),
            Click("input[type=submit]"),
            Fill("input[name=accessKeyId]", SigV4Callers.Alice.AccessKeyId), Fill("input[name=secretAccessKey]", SigV4Callers.Alice.SecretAccessKey),
            Click("input[type=submit]"),
            GoTo(At(carolsPage)),
            GoTo(At($"/console/accounts/{SigV4Callers.AliceAccount}/regions/us-east-1/connectors/alice-crm")),
            Click("header form button"),
            GoTo(At("/")));

        var (first, refused, loggedIn, carols, own, loggedOut, afterwards) = (views[0], views[1], views[2], views[3], views[4], views[5], views[6]);
        Assert.Equal(At("/console/login").ToString(), first.Url);
        Assert.Equal(401, refused.Status);
        Assert.Contains("These credentials are not accepted by this server.", refused.Text, StringComparison.Ordinal);
        Assert.Empty(refused.Cookies);

        Assert.Equal((200, At("/").ToString()), (loggedIn.Status, loggedIn.Url));
        Assert.Contains("alice-crm", loggedIn.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("carol-crm", loggedIn.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(SigV4Callers.CarolAccount, loggedIn.Text, StringComparison.Ordinal);
        var cookie = Assert.Single(loggedIn.Cookies);
        Assert.Equal(("appflow-console", true, "Strict"), (cookie.Name, cookie.HttpOnly, cookie.SameSite));

        Assert.Equal(404, carols.Status);
        Assert.DoesNotContain("eu-west-1", carols.Text, StringComparison.Ordinal);
        Assert.Equal(200, own.Status);
        Assert.Equal(At("/console/login").ToString(), loggedOut.Url);
        Assert.Empty(loggedOut.Cookies);
        Assert.Equal(At("/console/login").ToString(), afterwards.Url);
    }

    [Fact]
    public async Task A_wrong_key_and_a_wrong_secret_get_the_same_refusal_and_a_session_credential_needs_its_token()
    {
        using var client = Plain();
        async Task<(HttpStatusCode, string)> LogIn(string key, string secret, string token = "")
        {
            using var response = await client.PostAsync("/console/login",
                new FormUrlEncodedContent(new Dictionary<string, string> { ["accessKeyId"] = key, ["secretAccessKey"] = secret, ["sessionToken"] = token }));
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        var wrongSecret = await LogIn(SigV4Callers.Alice.AccessKeyId, "wrong");
        var wrongKey = await LogIn("AKIANOBODY", SigV4Callers.Alice.SecretAccessKey);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongSecret.Item1);
        Assert.Equal(wrongSecret, wrongKey);
        Assert.Equal(wrongSecret, await LogIn(SigV4Callers.Bob.AccessKeyId, SigV4Callers.Bob.SecretAccessKey));
        Assert.Equal(HttpStatusCode.Redirect, (await LogIn(SigV4Callers.Bob.AccessKeyId, SigV4Callers.Bob.SecretAccessKey, SigV4Callers.Bob.SessionToken!)).Item1);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/console/accounts/111111111111/regions/us-east-1/connectors/alice-crm")]
    [InlineData("/console/no-such-page")]
    public async Task Without_a_session_every_page_sends_to_the_login_and_a_made_up_session_is_none(string path)
    {
        using var client = Plain();
        using var anonymous = await client.GetAsync(path);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", "appflow-console=made-up-session-id");
        using var forged = await client.SendAsync(request);

        Assert.All([anonymous, forged], response =>
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/console/login", response.Headers.Location?.ToString());
        });
    }

    /// <summary>On SQLite.</summary>
    public sealed class OnSqlite(SigV4ServerFixture fixture) : WebConsoleLoginTests(fixture), IClassFixture<SigV4ServerFixture>;
}
