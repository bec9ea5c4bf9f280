namespace AppFlowLocal.Tests.Samples;

/// <summary>The samples registered with the real server through each binding form, and checked by it.</summary>
public sealed class SampleConnectorRegistrationTests(SampleConnectorRegistrationFixture fixture) : IClassFixture<SampleConnectorRegistrationFixture>
{
    [Theory]
    [InlineData(SampleConnectorRegistrationFixture.ByCommand)]
    [InlineData(SampleConnectorRegistrationFixture.ByUrl)]
    [InlineData(SampleConnectorRegistrationFixture.ThroughEndpoint)]
    public async Task The_sample_registers_with_its_configuration_and_its_check_has_no_error_and_no_warning(string function)
    {
        var caller = fixture.NewCaller();
        var arn = $"arn:aws:lambda:us-east-1:{caller.Account}:function:{function}";

        (await caller.RegisterAsync("sample-crm", arn)).AssertOk();
        var configuration = (await caller.DescribeAsync("sample-crm")).AssertOk().Json.GetProperty("connectorConfiguration");
        var check = (await caller.GetAsync("/_appflow-local/connectors/sample-crm/check")).AssertOk().Json;

        Assert.Equal("SampleCrm", configuration.GetProperty("connectorName").GetString());
        Assert.Equal("1.0.0", configuration.GetProperty("connectorVersion").GetString());
        Assert.True(configuration.GetProperty("canUseAsDestination").GetBoolean());
        Assert.Equal("https://example.com/sample-crm/logo.png", configuration.GetProperty("logoURL").GetString());
        Assert.Equal("SampleToken", configuration.GetProperty("authenticationConfig").GetProperty("customAuthConfigs")[0].GetProperty("customAuthenticationType").GetString());
        Assert.True(check.GetProperty("registrable").GetBoolean(), check.ToString());
        Assert.Empty(check.GetProperty("errors").EnumerateArray());
        Assert.Empty(check.GetProperty("warnings").EnumerateArray());
    }

    [Fact]
    public async Task A_Python_SDK_connector_registers_through_the_adapter()
    {
        var caller = fixture.NewCaller();

        (await caller.RegisterAsync("python-sdk", $"arn:aws:lambda:us-east-1:{caller.Account}:function:{SampleConnectorRegistrationFixture.PythonByCommand}")).AssertOk();
        var configuration = (await caller.DescribeAsync("python-sdk")).AssertOk().Json.GetProperty("connectorConfiguration");

        Assert.Equal("StandInConnector", configuration.GetProperty("connectorName").GetString());
        Assert.Equal("TOKEN_URL", configuration.GetProperty("authenticationConfig").GetProperty("oAuth2Defaults").GetProperty("oauth2CustomProperties")[0].GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_Python_handler_that_cannot_be_loaded_is_a_ConnectorServerException_carrying_the_traceback_s_last_line()
    {
        var caller = fixture.NewCaller();

        var response = (await caller.RegisterAsync("python-broken", $"arn:aws:lambda:us-east-1:{caller.Account}:function:{SampleConnectorRegistrationFixture.PythonBroken}"))
            .AssertError("ConnectorServerException", 400);

        Assert.Contains("AttributeError: module 'stand_in_sdk_connector' has no attribute 'no_such_handler'", response.ErrorMessage, StringComparison.Ordinal);
    }
}
