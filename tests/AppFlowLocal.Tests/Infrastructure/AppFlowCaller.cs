using System.Globalization;
using System.Text;

namespace AppFlowLocal.Tests.Infrastructure;

/// <summary>
/// Calls the server as one account in one region. The Authorization header carries the account in
/// its access key id, which is all the server reads when no authentication is configured.
/// </summary>
internal sealed class AppFlowCaller(HttpClient client, string account, string region = "us-east-1")
{
    private static int nextAccount = Random.Shared.Next(100_000, 900_000);

    public string Account { get; } = account;

    public string Region { get; } = region;

    /// <summary>A caller in an account no other test uses, so it starts from a clean slate.</summary>
    public static AppFlowCaller InFreshAccount(HttpClient client, string region = "us-east-1") =>
        new(client, "100000" + Interlocked.Increment(ref nextAccount).ToString("D6", CultureInfo.InvariantCulture), region);

    public AppFlowCaller InRegion(string otherRegion) => new(client, Account, otherRegion);

    public string ConnectorArn(string label) => $"arn:aws:appflow:{Region}:{Account}:connector/{label}";

    public Task<AwsResponse> PostAsync(string path, string json, CancellationToken cancellationToken = default) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") }, cancellationToken);

    public Task<AwsResponse> GetAsync(string path) => SendAsync(new HttpRequestMessage(HttpMethod.Get, path), CancellationToken.None);

    private async Task<AwsResponse> SendAsync(HttpRequestMessage message, CancellationToken cancellationToken)
    {
        using var request = message;
        request.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential={Account}/20261123/{Region}/appflow/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000");
        var response = await client.SendAsync(request, cancellationToken);
        return new AwsResponse(response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken), response);
    }

    public Task<AwsResponse> RegisterAsync(string label, string lambdaArn, string? description = null, string? clientToken = null,
        CancellationToken cancellationToken = default) =>
        PostAsync("/register-connector", Json.Object(
            ("connectorLabel", label), ("description", description), ("connectorProvisioningType", "LAMBDA"),
            ("connectorProvisioningConfig", new Dictionary<string, object> { ["lambda"] = new Dictionary<string, object> { ["lambdaArn"] = lambdaArn } }),
            ("clientToken", clientToken)), cancellationToken);

    /// <summary>UpdateConnectorRegistration; a null member is left out, as an SDK leaves out what the caller did not set.</summary>
    public Task<AwsResponse> UpdateAsync(string label, string? lambdaArn = null, string? description = null, string? clientToken = null) =>
        PostAsync("/update-connector-registration", Json.Object(("connectorLabel", label), ("description", description), ("clientToken", clientToken),
            ("connectorProvisioningConfig", lambdaArn is null ? null : new { lambda = new { lambdaArn } })));

    public Task<AwsResponse> DescribeAsync(string label) =>
        PostAsync("/describe-connector", Json.Object(("connectorType", "CustomConnector"), ("connectorLabel", label)));

    public Task<AwsResponse> UnregisterAsync(string label) =>
        PostAsync("/unregister-connector", Json.Object(("connectorLabel", label)));
}
