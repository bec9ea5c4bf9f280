using AppFlowLocal.Connectors;
using AppFlowLocal.Model;
using AppFlowLocal.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace AppFlowLocal.Tests.Connectors;

/// <summary>The token request against a real local token endpoint: what a refusal, a useless answer or no answer in time becomes.</summary>
public sealed class OAuth2TokenExchangeTests : IAsyncLifetime
{
    private static readonly KeyValuePair<string, string>[] Form = [new("grant_type", "client_credentials"), new("client_id", "c"), new("client_secret", "s3cr3t")];

    private TokenEndpointStandIn tokens = null!;

    public async Task InitializeAsync() => tokens = await TokenEndpointStandIn.StartAsync();

    public async Task DisposeAsync() => await tokens.DisposeAsync();

    private static OAuth2TokenExchange Exchange(TimeSpan timeout) =>
        new(new HttpClient(ConnectorInvocationServiceCollectionExtensions.CreateLambdaHandler()) { Timeout = Timeout.InfiniteTimeSpan },
            Options.Create(new LambdaOptions { Timeout = timeout }));

    private static async Task<string> RefusedAsync(string tokenUrl, TimeSpan timeout)
    {
        var refused = await Assert.ThrowsAsync<AppFlowException>(() => Exchange(timeout).RequestAsync(new Uri(tokenUrl), "CLIENT_CREDENTIALS", Form));
        Assert.Equal(AwsErrorCode.ConnectorAuthenticationException, refused.Code);
        Assert.DoesNotContain("s3cr3t", refused.Message, StringComparison.Ordinal);
        return refused.Message;
    }

    [Fact]
    public async Task A_granted_token_is_read_from_the_RFC_6749_answer()
    {
        var url = tokens.NewTokenUrl(200, """{"access_token":"a","token_type":"Bearer","refresh_token":"r"}""");

        Assert.Equal(new OAuth2Tokens("a", "r"), await Exchange(TimeSpan.FromSeconds(10)).RequestAsync(new Uri(url), "CLIENT_CREDENTIALS", Form));
        Assert.Equal("s3cr3t", Assert.Single(tokens.Requests(url))["client_secret"]);
    }

    [Fact]
    public async Task No_answer_within_the_timeout_is_a_ConnectorAuthenticationException()
    {
        var url = tokens.NewTokenUrl(200, """{"access_token":"late"}""", delay: TimeSpan.FromSeconds(10));

        Assert.EndsWith("refused the CLIENT_CREDENTIALS grant: no answer within 0.3 s (Lambda:Timeout)", await RefusedAsync(url, TimeSpan.FromMilliseconds(300)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(200, """{"token_type":"Bearer"}""", "refused the CLIENT_CREDENTIALS grant: its HTTP 200 answer has no access_token")]
    [InlineData(200, "<html>welcome</html>", "refused the CLIENT_CREDENTIALS grant: its HTTP 200 answer has no access_token")]
    [InlineData(302, "", "refused the CLIENT_CREDENTIALS grant (HTTP 302, not an OAuth2 error response)")]
    [InlineData(401, """{"error":"invalid_client"}""", "refused the CLIENT_CREDENTIALS grant (HTTP 401): invalid_client")]
    public async Task An_answer_without_a_token_is_a_ConnectorAuthenticationException_quoting_only_the_OAuth2_error(int status, string body, string ending)
    {
        var url = tokens.NewTokenUrl(status, body);

        Assert.EndsWith(ending, await RefusedAsync(url, TimeSpan.FromSeconds(10)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_token_URL_is_a_ConnectorAuthenticationException()
    {
        Assert.Contains("it cannot be reached", await RefusedAsync("http://127.0.0.1:9/token", TimeSpan.FromSeconds(10)), StringComparison.Ordinal);
    }
}
