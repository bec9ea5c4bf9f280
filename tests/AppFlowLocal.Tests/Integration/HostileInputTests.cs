using System.Diagnostics;
using System.Text;
using AppFlowLocal.Tests.Infrastructure;

namespace AppFlowLocal.Tests.Integration;

/// <summary>No input a client can send produces a 500: every body below gets a 200 or an AWS-shaped 4xx.</summary>
public abstract class HostileInputTests(ServerFixture fixture)
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
        "{\"\\ud800\":1}"u8.ToArray(),
        "{\"connectorLabel\":\"ab\",\"\\udc00x\":{\"\\ud800\":[]}}"u8.ToArray(),
        [0x7B, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x3A, 0x31, 0x7D],
        [0x7B, 0x22, 0x63, 0x6F, 0x6E, 0x6E, 0x65, 0x63, 0x74, 0x6F, 0x72, 0x4C, 0x61, 0x62, 0x65, 0x6C, 0x22, 0x3A, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x7D],
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

    /// <summary>Member names that are no text at all: an escaped lone surrogate, alone or nested, or bytes that are not UTF-8.</summary>
    public static TheoryData<string, byte[]> MalformedNames() => new()
    {
        { "/register-connector", "{\"\\ud800\":1}"u8.ToArray() },
        { "/update-connector-registration", "{\"connectorLabel\":\"ab\",\"\\udc00\":true}"u8.ToArray() },
        { "/describe-connector", "{\"connectorType\":\"CustomConnector\",\"connectorLabel\":\"ab\",\"x\":{\"\\ud800\\ud800\":1}}"u8.ToArray() },
        { "/describe-connectors", "{\"\\ud800\":1}"u8.ToArray() },
        { "/list-connectors", "{\"\\ud800\":1}"u8.ToArray() },
        { "/unregister-connector", "{\"connectorLabel\":\"ab\",\"\\ud800\":1}"u8.ToArray() },
        { "/list-connectors", [0x7B, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x3A, 0x31, 0x7D] },
        { "/register-connector", "{\"connectorProvisioningConfig\":{\"lambda\":{\"\\ud800\":1}}}"u8.ToArray() },
    };

    [Theory]
    [MemberData(nameof(MalformedNames))]
    public async Task A_member_name_that_is_not_Unicode_is_a_SerializationException(string route, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, route) { Content = new ByteArrayContent(body) };
        using var message = await fixture.Client.SendAsync(request);
        var response = new AwsResponse(message.StatusCode, await message.Content.ReadAsStringAsync(), message);

        response.AssertError("SerializationException", 400);
        Assert.Contains("member name", response.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ten_thousand_bad_connector_types_are_refused_quickly_with_a_bounded_message()
    {
        var types = string.Join(",", Enumerable.Range(0, 10_000).Select(i => $"\"NotAType{i}\""));
        var caller = fixture.NewCaller();

        // Warm up first: the server's first request pays for compiling the whole path once.
        (await caller.PostAsync("/describe-connectors", """{"connectorTypes":["NotAType"]}""")).AssertError("ValidationException", 400);
        var started = Stopwatch.GetTimestamp();
        var response = await caller.PostAsync("/describe-connectors", $"{{\"connectorTypes\":[{types}]}}");
        var elapsed = Stopwatch.GetElapsedTime(started);

        response.AssertError("ValidationException", 400);
        Assert.True(elapsed < TimeSpan.FromSeconds(2), $"took {elapsed}");
        Assert.True(response.Body.Length < 4096, $"{response.Body.Length} characters");
        Assert.StartsWith("2 validation errors detected: Value '[NotAType0, NotAType1, NotAType2, ", response.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("at 'connectorTypes' failed to satisfy constraint: Member must have length less than or equal to 100", response.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("at 'connectorTypes' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [", response.ErrorMessage, StringComparison.Ordinal);
    }

    /// <summary>On SQLite.</summary>
    public sealed class OnSqlite(ServerFixture fixture) : HostileInputTests(fixture), IClassFixture<ServerFixture>;

    /// <summary>On PostgreSQL.</summary>
    public sealed class OnPostgres(ServerFixture.OnPostgres fixture) : HostileInputTests(fixture), IClassFixture<ServerFixture.OnPostgres>;
}
