using System.Text;
using AppFlowLocal.Connectors;
using AppFlowLocal.Tests.Infrastructure;
using static AppFlowLocal.Tests.Auth.BrowserRequest;

namespace AppFlowLocal.Tests.Auth;

/// <summary>
/// Browser attacks in sigv4 mode: a request a browser marks as another site's is refused even when it is signed
/// and even as a console login with the right credentials; the Host name is not checked, because nothing is served
/// there without a configured secret. On SQLite only, as <see cref="CrossSiteRequestTests"/>.
/// </summary>
public abstract class SigV4BrowserRequestTests(SigV4ServerFixture fixture)
{
    private Uri Server => fixture.Server.BaseAddress;

    [Theory]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("Origin", "http://evil.example")]
    public async Task A_signed_request_a_browser_marks_as_another_site_s_is_refused(string header, string value)
    {
        var label = "signed-" + Guid.NewGuid().ToString("N")[..12];
        var json = RegisterBody(label, fixture.StandIn.Arn(LambdaStandInHost.Functions.SamplePython));
        using var client = Client(Server);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Server, "/register-connector")) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation(header, value);
        SigV4Signer.Sign(request, Encoding.UTF8.GetBytes(json), SigV4Callers.Alice, "us-east-1", "appflow", DateTimeOffset.UtcNow);

        using var response = await client.SendAsync(request);

        new AwsResponse(response.StatusCode, await response.Content.ReadAsStringAsync(), response).AssertAccessDenied();
        (await fixture.Signing(SigV4Callers.Alice, SigV4Callers.AliceAccount).DescribeAsync(label)).AssertError("ResourceNotFoundException", 404);
    }

    [Fact]
    public async Task A_console_login_sent_from_another_site_is_refused_with_the_right_credentials()
    {
        var form = $"accessKeyId={SigV4Callers.Alice.AccessKeyId}&secretAccessKey={SigV4Callers.Alice.SecretAccessKey}&sessionToken=";

        var refused = await SendAsync(Server, HttpMethod.Post, "/console/login", form, "application/x-www-form-urlencoded", ("Sec-Fetch-Site", "same-site"));
        var own = await SendAsync(Server, HttpMethod.Post, "/console/login", form, "application/x-www-form-urlencoded", ("Sec-Fetch-Site", "same-origin"));

        refused.AssertAccessDenied();
        Assert.False(refused.Message.Headers.Contains("Set-Cookie"));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, own.Status);
        Assert.True(own.Message.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task The_host_name_is_not_checked_since_nothing_is_served_without_a_secret()
    {
        var health = await SendAsync(Server, HttpMethod.Get, "/_appflow-local/health", headers: ("Host", "appflow.team.example"));
        var unsigned = await SendAsync(Server, HttpMethod.Post, "/list-connectors", "{}", "application/json", ("Host", "attacker.example"));

        health.AssertOk();
        unsigned.AssertError("MissingAuthenticationTokenException", 403);
    }

    /// <summary>On SQLite.</summary>
    public sealed class OnSqlite(SigV4ServerFixture fixture) : SigV4BrowserRequestTests(fixture), IClassFixture<SigV4ServerFixture>;
}
