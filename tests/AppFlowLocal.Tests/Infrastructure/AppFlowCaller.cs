using System.Globalization;
using System.Text;
using AppFlowLocal.Connectors;

namespace AppFlowLocal.Tests.Infrastructure;

/// <summary>
/// Calls the server as one account in one region. Without credentials the Authorization header
/// carries the account in its access key id, which is all the server reads in open mode; with
/// credentials each request is signed (SigV4), its clock moved by <paramref name="clockSkew"/>.
/// </summary>
internal sealed class AppFlowCaller(HttpClient client, string account, string region = "us-east-1",
    AwsCredentials? credentials = null, TimeSpan clockSkew = default)
{
    private static int nextAccount = Random.Shared.Next(100_000, 900_000);

    public string Account { get; } = account;

    public string Region { get; } = region;

    /// <summary>A caller in an account no other test uses, so it starts from a clean slate.</summary>
    public static AppFlowCaller InFreshAccount(HttpClient client, string region = "us-east-1") =>
        new(client, "100000" + Interlocked.Increment(ref nextAccount).ToString("D6", CultureInfo.InvariantCulture), region);

    public AppFlowCaller InRegion(string otherRegion) => new(client, Account, otherRegion, credentials, clockSkew);

    /// <summary>A caller that signs with <paramref name="signing"/>, as an SDK would, in the account the server knows the key by.</summary>
    public static AppFlowCaller Signing(HttpClient client, AwsCredentials signing, string account, string region = "us-east-1", TimeSpan clockSkew = default) =>
        new(client, account, region, signing, clockSkew);

    public string ConnectorArn(string label) => $"arn:aws:appflow:{Region}:{Account}:connector/{label}";

    public Task<AwsResponse> PostAsync(string path, string json, CancellationToken cancellationToken = default) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri(client.BaseAddress!, path)) { Content = new StringContent(json, Encoding.UTF8, "application/json") },
            Encoding.UTF8.GetBytes(json), cancellationToken);

    public Task<AwsResponse> GetAsync(string path) => SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(client.BaseAddress!, path)), [], CancellationToken.None);

    /// <summary>Secrets Manager's GetSecretValue (JSON 1.1) on the server's address, as a Secrets Manager client sends it.</summary>
    public Task<AwsResponse> GetSecretValueAsync(string secretId)
    {
        var json = Json.Object(("SecretId", secretId));
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(client.BaseAddress!, "/"))
        {
            Content = new StringContent(json, Encoding.UTF8, "application/x-amz-json-1.1"),
        };
        request.Headers.Add("X-Amz-Target", "secretsmanager.GetSecretValue");
        return SendAsync(request, Encoding.UTF8.GetBytes(json), CancellationToken.None, "secretsmanager");
    }

    private async Task<AwsResponse> SendAsync(HttpRequestMessage message, byte[] body, CancellationToken cancellationToken, string service = "appflow")
    {
        using var request = message;
        if (credentials is null)
        {
            request.Headers.TryAddWithoutValidation("Authorization",
                $"AWS4-HMAC-SHA256 Credential={Account}/20261123/{Region}/{service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000");
        }
        else
        {
            SigV4Signer.Sign(request, body, credentials, Region, service, DateTimeOffset.UtcNow + clockSkew);
        }

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
