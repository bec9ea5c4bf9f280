using System.Net;
using System.Text;
using AppFlowLocal.Tests.Infrastructure;

namespace AppFlowLocal.Tests.Auth;

/// <summary>
/// Requests as a browser would send them for a page: with the headers it adds on its own (Origin, Sec-Fetch-Site,
/// Host), no redirects followed and no cookies kept, so every answer is the request's own.
/// </summary>
internal static class BrowserRequest
{
    /// <summary>What open mode reads of an unsigned caller: the account in the access key id (as <see cref="AppFlowCaller"/> sends it).</summary>
    public static string OpenModeAuthorization(string account, string service = "appflow") =>
        $"AWS4-HMAC-SHA256 Credential={account}/20261123/us-east-1/{service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000";

    /// <summary>A RegisterConnector body, as a page would put it in a text/plain POST.</summary>
    public static string RegisterBody(string label, string lambdaArn) => Json.Object(
        ("connectorLabel", label), ("connectorProvisioningType", "LAMBDA"),
        ("connectorProvisioningConfig", new { lambda = new { lambdaArn } }));

    public static HttpClient Client(Uri server) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = server, Timeout = TimeSpan.FromSeconds(60) };

    /// <param name="headers">Sent as given: a "Host" entry replaces the host the client would send.</param>
    public static async Task<AwsResponse> SendAsync(Uri server, HttpMethod method, string path, string? body = null, string contentType = "text/plain",
        params (string Name, string Value)[] headers)
    {
        using var client = Client(server);
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }

        foreach (var (name, value) in headers)
        {
            if (string.Equals(name, "Host", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.Host = value;
            }
            else
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        var response = await client.SendAsync(request);
        return new AwsResponse(response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    /// <summary>Asserts an AWS-shaped 403 AccessDeniedException with a request id; returns its message.</summary>
    public static string AssertAccessDenied(this AwsResponse response)
    {
        response.AssertError("AccessDeniedException", (int)HttpStatusCode.Forbidden);
        Assert.True(Guid.TryParse(response.RequestId, out _), response.Body);
        Assert.Equal("application/json", response.Message.Content.Headers.ContentType?.MediaType);
        return response.ErrorMessage;
    }
}
