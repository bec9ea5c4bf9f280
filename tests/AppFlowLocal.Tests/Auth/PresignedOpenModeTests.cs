using AppFlowLocal.Connectors;
using AppFlowLocal.Tests.Infrastructure;

namespace AppFlowLocal.Tests.Auth;

/// <summary>Open mode reads a presigned URL's caller from its X-Amz-Credential, as it reads the Authorization header's.</summary>
public sealed class PresignedOpenModeTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task A_presigned_url_acts_in_the_account_its_credential_names()
    {
        var url = await BotocorePresigner.PresignAsync(new Uri(fixture.Client.BaseAddress!, "/_appflow-local/connectors/never-registered/history"),
            new AwsCredentials("444455556666", "any-secret", null), "eu-west-1", method: "GET");

        using var response = await fixture.Client.GetAsync(url);
        var refused = new AwsResponse(response.StatusCode, await response.Content.ReadAsStringAsync(), response).AssertError("ResourceNotFoundException", 404);

        Assert.EndsWith("in account 444455556666 and region eu-west-1.", refused.ErrorMessage, StringComparison.Ordinal);
    }
}
