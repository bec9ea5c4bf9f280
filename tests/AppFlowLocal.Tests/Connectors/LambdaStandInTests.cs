using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using LambdaStandIn;

namespace AppFlowLocal.Tests.Connectors;

/// <summary>The stand-in's own contract: Lambda's answers for unknown functions, and the HTTP control routes.</summary>
public sealed class LambdaStandInTests(StandInFixture standIn) : IClassFixture<StandInFixture>
{
    [Fact]
    public async Task Unknown_function_is_a_404_shaped_like_Lambda()
    {
        var arn = StandInFixture.Arn("missing-function", "eu-west-2");

        using var response = await InvokeAsync(Uri.EscapeDataString(arn));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("ResourceNotFoundException", response.Headers.GetValues("x-amzn-ErrorType").Single());
        Assert.Equal($$"""{"Type":"User","Message":"Function not found: {{arn}}"}""", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("python-sdk-connector")]
    [InlineData("python-sdk-connector:$LATEST")]
    [InlineData("123456789012:function:python-sdk-connector")]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:python-sdk-connector:live")]
    public async Task Functions_are_found_by_name_partial_ARN_or_ARN(string functionName)
    {
        using var response = await InvokeAsync(Uri.EscapeDataString(functionName));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("$LATEST", response.Headers.GetValues("X-Amz-Executed-Version").Single());
    }

    [Fact]
    public async Task Functions_are_programmed_and_inspected_over_HTTP()
    {
        var name = standIn.NewName("over-http");
        using var put = await standIn.Client.PutAsync(Control(name) + "?functionError=Unhandled",
            new StringContent("""{"errorType":"ValueError","errorMessage":"bad"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);

        using var invoked = await InvokeAsync(name, """{"type":"DescribeConnectorConfigurationRequest"}""");
        Assert.Equal("Unhandled", invoked.Headers.GetValues("X-Amz-Function-Error").Single());
        Assert.Equal("""{"errorType":"ValueError","errorMessage":"bad"}""", await invoked.Content.ReadAsStringAsync());

        var activity = JsonNode.Parse(await standIn.Client.GetStringAsync(Control(name)))!;
        Assert.Equal(1, activity["invocations"]!.GetValue<int>());
        Assert.Equal("""{"type":"DescribeConnectorConfigurationRequest"}""", activity["lastInvocation"]!["body"]!.GetValue<string>());
        Assert.Equal("RequestResponse", activity["lastInvocation"]!["headers"]!["X-Amz-Invocation-Type"]!.GetValue<string>());

        using var deleted = await standIn.Client.DeleteAsync(Control(name));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var gone = await InvokeAsync(name);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Replacing_a_function_starts_its_count_again()
    {
        var name = standIn.NewName("replaced");
        standIn.Functions.SetPayload(name, "{}");
        (await InvokeAsync(name)).Dispose();
        standIn.Functions.SetPayload(name, "[]");

        Assert.Equal(0, standIn.Functions.Activity(name)!.Invocations);
    }

    private Task<HttpResponseMessage> InvokeAsync(string functionName, string body = "{}")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(standIn.Server.Endpoint, $"/2015-03-31/functions/{functionName}/invocations"))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("X-Amz-Invocation-Type", "RequestResponse");
        return standIn.Client.SendAsync(request);
    }

    private Uri Control(string name) => new(standIn.Server.Endpoint, $"/_standin/functions/{name}");
}
