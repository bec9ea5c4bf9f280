using System.Text.Json.Nodes;

namespace AppFlowLocal.Tests.Interop;

/// <summary>
/// One call for the scripts' "calls" scenario: the operation by its API name and its input by the
/// API's member names, which boto3 and the JavaScript SDK both use as they are.
/// </summary>
internal sealed record SdkCall(string Name, string Operation, JsonObject Input)
{
    public static SdkCall Register(string name, string label, string lambdaArn, string? description = null, string? clientToken = null) =>
        new(name, "RegisterConnector", Members(
            ("connectorLabel", label), ("description", description), ("connectorProvisioningType", "LAMBDA"),
            ("connectorProvisioningConfig", Provisioning(lambdaArn)), ("clientToken", clientToken)));

    public static SdkCall Update(string name, string label, string? lambdaArn = null, string? description = null, string? clientToken = null) =>
        new(name, "UpdateConnectorRegistration", Members(
            ("connectorLabel", label), ("description", description),
            ("connectorProvisioningConfig", lambdaArn is null ? null : Provisioning(lambdaArn)), ("clientToken", clientToken)));

    public static SdkCall Describe(string name, string label) =>
        new(name, "DescribeConnector", Members(("connectorType", "CustomConnector"), ("connectorLabel", label)));

    /// <summary>The CALLS environment variable for a list of calls.</summary>
    public static string ToJson(IEnumerable<SdkCall> calls) =>
        new JsonArray([.. calls.Select(call => new JsonObject
        {
            ["name"] = call.Name,
            ["operation"] = call.Operation,
            ["input"] = call.Input.DeepClone(),
        })]).ToJsonString();

    private static JsonObject Provisioning(string lambdaArn) => new() { ["lambda"] = new JsonObject { ["lambdaArn"] = lambdaArn } };

    // Absent members stay absent: the SDKs fill in an absent clientToken, which is the point of some tests.
    private static JsonObject Members(params (string Name, JsonNode? Value)[] members)
    {
        var input = new JsonObject();
        foreach (var (name, value) in members.Where(m => m.Value is not null))
        {
            input[name] = value;
        }

        return input;
    }
}
