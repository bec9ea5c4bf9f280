using System.Text;
using AppFlowLocal.Tests.Infrastructure;

namespace AppFlowLocal.Tests.Integration;

/// <summary>No input a client can send produces a 500: every body below gets a 200 or an AWS-shaped 4xx.</summary>
public sealed class HostileInputTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static readonly string[] Routes =
    [
        "/register-connector", "/update-connector-registration", "/describe-connector", "/describe-connectors",
        "/list-connectors", "/unregister-connector",
    ];

    private static readonly byte[][] Bodies =
    [
        "null"u8.ToArray(),
        "\"a string\""u8.ToArray(),
        "12"u8.ToArray(),
        "{\"connectorLabel\":null,\"connectorType\":null,\"connectorTypes\":null,\"maxResults\":null,\"nextToken\":null}"u8.ToArray(),
        "{\"connectorLabel\":{},\"connectorType\":[],\"connectorTypes\":{},\"maxResults\":\"1\",\"nextToken\":1}"u8.ToArray(),
        "{\"connectorTypes\":[null, 1]}"u8.ToArray(),
        "{\"connectorProvisioningConfig\":{\"lambda\":{\"lambdaArn\":[]}}}"u8.ToArray(),
        "{\"connectorProvisioningConfig\":{\"lambda\":[]}}"u8.ToArray(),
        "{\"maxResults\":1e400}"u8.ToArray(),
        "{\"maxResults\":-0.0}"u8.ToArray(),
        "{\"connectorLabel\":\"\\ud800\"}"u8.ToArray(),
        "{\"connectorLabel\":\"ab\",\"connectorLabel\":\"x y\"}"u8.ToArray(),
        "{\"nextToken\":\"v1.\u00e9.\u00e9\"}"u8.ToArray(),
        [0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xFF, 0xFE, 0x22, 0x7D],
        Encoding.UTF8.GetBytes(new string('[', 5000) + new string(']', 5000)),
        Encoding.UTF8.GetBytes("{\"connectorLabel\":\"" + new string('a', 300_000) + "\"}"),
        Encoding.UTF8.GetBytes("{\"description\":\"" + new string('x', 5000) + "\",\"connectorLabel\":\"" + new string('é', 300) + "\"}"),
        "{\"connectorLabel\":\"ab\",\"clientToken\":\"\u0000\"}"u8.ToArray(),
        "{\"connectorType\":\"CustomConnector\",\"connectorLabel\":\"ab\"}trailing"u8.ToArray(),
    ];

    [Fact]
    public async Task Every_route_answers_hostile_bodies_without_a_server_error()
    {
        var failures = new List<string>();
        foreach (var route in Routes)
        {
            foreach (var body in Bodies)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, route) { Content = new ByteArrayContent(body) };
                using var response = await fixture.Client.SendAsync(request);
                var status = (int)response.StatusCode;
                var ok = response.Headers.Contains("x-amzn-RequestId")
                    && (status == 200 || (status is >= 400 and < 500 && response.Headers.Contains("x-amzn-ErrorType")));
                if (!ok)
                {
                    failures.Add($"{route} {Encoding.UTF8.GetString(body)[..Math.Min(60, body.Length)]} -> {status} {await response.Content.ReadAsStringAsync()}");
                }
            }
        }

        Assert.Empty(failures);
        Assert.False(fixture.Server.HasExited);
    }

    [Fact]
    public async Task A_member_given_twice_is_refused_rather_than_validated_in_one_spelling_and_used_in_another()
    {
        var caller = fixture.NewCaller();
        var body = "{\"connectorLabel\":\"fine\",\"connectorLabel\":\"x y\",\"connectorProvisioningConfig\":{\"lambda\":{\"lambdaArn\":\"" +
            fixture.StandIn.Arn(LambdaStandInHost.Functions.SamplePython) + "\"}}}";
        (await caller.PostAsync("/register-connector", body)).AssertError("SerializationException", 400);
        Assert.Empty((await caller.PostAsync("/list-connectors", "{}")).AssertOk().Json.GetProperty("connectors").EnumerateArray());
    }
}
