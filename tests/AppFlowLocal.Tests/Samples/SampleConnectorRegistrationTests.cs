namespace AppFlowLocal.Tests.Samples;

/// <summary>The sample connector registered with the real server through the Lambda Invoke endpoint form.</summary>
public sealed class SampleConnectorRegistrationTests(SampleConnectorRegistrationFixture fixture) : IClassFixture<SampleConnectorRegistrationFixture>
{
    [Fact]
    public async Task The_sample_registers_through_its_Invoke_endpoint_and_is_described_with_its_configuration_and_no_warning()
    {
        var caller = fixture.NewCaller();
        var arn = $"arn:aws:lambda:us-east-1:{caller.Account}:function:sample-crm";

        (await caller.RegisterAsync("sample-crm", arn)).AssertOk();
        var configuration = (await caller.DescribeAsync("sample-crm")).AssertOk().Json.GetProperty("connectorConfiguration");

        Assert.Equal("SampleCrm", configuration.GetProperty("connectorName").GetString());
        Assert.Equal("1.0.0", configuration.GetProperty("connectorVersion").GetString());
        Assert.True(configuration.GetProperty("canUseAsDestination").GetBoolean());
        Assert.Equal("https://example.com/sample-crm/logo.png", configuration.GetProperty("logoURL").GetString());
        Assert.Equal("SampleToken", configuration.GetProperty("authenticationConfig").GetProperty("customAuthConfigs")[0].GetProperty("customAuthenticationType").GetString());
        Assert.DoesNotContain("do not match the API model's patterns", fixture.Server.Output, StringComparison.Ordinal);
    }
}
