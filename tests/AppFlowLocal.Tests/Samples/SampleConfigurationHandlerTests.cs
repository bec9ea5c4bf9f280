using System.Text;
using AppFlowLocal.Connectors;
using SampleConnector.Handlers;

namespace AppFlowLocal.Tests.Samples;

/// <summary>DescribeConnectorConfiguration, ValidateConnectorRuntimeSettings and ValidateCredentials of the sample connector.</summary>
public sealed class SampleConfigurationHandlerTests
{
    private readonly SampleConnectorCall connector = new();

    [Fact]
    public void Its_configuration_is_one_AppFlow_Local_registers_without_a_warning()
    {
        var payload = connector.Function.Invoke(Encoding.UTF8.GetBytes("""{"type":"DescribeConnectorConfigurationRequest","locale":"en-US"}"""));
        var warnings = new List<string>();

        var configuration = ConnectorConfigurationMapping.FromPayload("arn:aws:lambda:us-east-1:123456789012:function:sample", payload, warnings);

        Assert.Empty(warnings);
        Assert.Equal("SampleCrm", configuration.ConnectorName);
        Assert.Equal("1.0.0", configuration.ConnectorVersion);
        Assert.True(configuration.CanUseAsSource);
        Assert.True(configuration.CanUseAsDestination);
        Assert.Equal(["Scheduled", "OnDemand"], configuration.SupportedTriggerTypes!);
        var settings = configuration.ConnectorRuntimeSettings!;
        Assert.Contains(settings, setting => setting.Key == "instanceName" && setting.IsRequired == true && setting.Scope == "CONNECTOR_PROFILE");
        var custom = Assert.Single(configuration.AuthenticationConfig!.CustomAuthConfigs!);
        Assert.Equal("SampleToken", custom.CustomAuthenticationType);
        Assert.Contains(custom.AuthParameters!, parameter => parameter.Key == "token" && parameter.IsSensitiveField == true);
    }

    [Fact]
    public void Its_configuration_writes_the_SDK_member_names()
    {
        var response = connector.Invoke("""{"type":"DescribeConnectorConfigurationRequest"}""");

        Assert.True(response.GetProperty("isSuccess").GetBoolean());
        Assert.Equal("https://example.com/sample-crm/logo.png", response.GetProperty("logoURL").GetString());
        Assert.Equal(2, response.GetProperty("connectorRuntimeSetting").GetArrayLength());
        Assert.Equal("SampleToken", response.GetProperty("authenticationConfig").GetProperty("customAuthConfig")[0].GetProperty("authenticationType").GetString());
        Assert.Equal("RECORD", response.GetProperty("supportedDataTransferTypes")[0].GetString());
    }

    [Theory]
    [InlineData("CONNECTOR_PROFILE", """{"instanceName":"demo"}""")]
    [InlineData("CONNECTOR_PROFILE", """{"instanceName":"sandbox","somethingElse":"ignored"}""")]
    [InlineData("SOURCE", """{}""")]
    [InlineData("SOURCE", """{"pageSize":"50"}""")]
    [InlineData("SOURCE_AND_DESTINATION", """{"pageSize":1000}""")]
    [InlineData("DESTINATION", """{}""")]
    public void Valid_runtime_settings_are_accepted(string scope, string settings)
    {
        var response = connector.Invoke($$"""{"type":"ValidateConnectorRuntimeSettingsRequest","scope":"{{scope}}","connectorRuntimeSettings":{{settings}}}""");

        Assert.True(response.GetProperty("isSuccess").GetBoolean(), response.ToString());
    }

    [Theory]
    [InlineData("CONNECTOR_PROFILE", """{}""", "instanceName", "instanceName is required")]
    [InlineData("CONNECTOR_PROFILE", """{"instanceName":null}""", "instanceName", "instanceName is required")]
    [InlineData("CONNECTOR_PROFILE", """{"instanceName":"production"}""", "instanceName", "instanceName must be one of demo, sandbox")]
    [InlineData("SOURCE", """{"pageSize":"0"}""", "pageSize", "pageSize must be a whole number from 1 to 1000")]
    [InlineData("SOURCE", """{"pageSize":2.5}""", "pageSize", "pageSize must be a whole number from 1 to 1000")]
    [InlineData("SOURCE_AND_DESTINATION", """{"pageSize":"lots"}""", "pageSize", "pageSize must be a whole number from 1 to 1000")]
    public void Invalid_runtime_settings_are_named_with_their_problem(string scope, string settings, string key, string problem)
    {
        var response = connector.Invoke($$"""{"type":"ValidateConnectorRuntimeSettingsRequest","scope":"{{scope}}","connectorRuntimeSettings":{{settings}}}""");

        var message = SampleConnectorCall.Refusal(response);
        Assert.Contains(problem, message, StringComparison.Ordinal);
        Assert.Equal(problem, response.GetProperty("errorsByInputField").GetProperty(key).GetString());
    }

    [Theory]
    [InlineData("""{"type":"ValidateConnectorRuntimeSettingsRequest","scope":"EVERYWHERE","connectorRuntimeSettings":{}}""", "scope 'EVERYWHERE' is not a ConnectorRuntimeSettingScope")]
    [InlineData("""{"type":"ValidateConnectorRuntimeSettingsRequest","connectorRuntimeSettings":{}}""", "missing required member scope")]
    [InlineData("""{"type":"ValidateConnectorRuntimeSettingsRequest","scope":"SOURCE"}""", "missing required member connectorRuntimeSettings")]
    [InlineData("""{"type":"ValidateCredentialsRequest","connectorRuntimeSettings":{}}""", "missing required member credentials")]
    [InlineData("""{"type":"ValidateCredentialsRequest","credentials":{"secretArn":"arn:aws:secretsmanager:us-east-1:123456789012:secret:x"}}""", "missing required member credentials.authenticationType")]
    [InlineData("""{"type":"ValidateCredentialsRequest","credentials":{"secretArn":"x","authenticationType":"BASIC"}}""", "authenticationType 'BASIC' is not an AuthenticationType")]
    [InlineData("""{"type":"ValidateCredentialsRequest","credentials":"arn:aws:secretsmanager:us-east-1:123456789012:secret:x"}""", "the member at 'credentials' has the wrong JSON type")]
    public void A_malformed_configuration_event_is_a_handler_failure_naming_the_member(string eventJson, string problem)
    {
        var exception = Assert.Throws<ConnectorRequestException>(() => connector.Invoke(eventJson));

        Assert.Contains(problem, exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ApiKey")]
    [InlineData("BasicAuth")]
    [InlineData("CustomAuth")]
    [InlineData("OAuth2")]
    public void Credentials_of_a_supported_type_in_a_Secrets_Manager_secret_are_valid(string authenticationType)
    {
        var response = connector.Invoke($$$"""
            {"type":"ValidateCredentialsRequest","credentials":{"secretArn":"arn:aws:secretsmanager:eu-west-1:123456789012:secret:appflow/crm-AbC123","authenticationType":"{{{authenticationType}}}"},
             "connectorRuntimeSettings":{"instanceName":"demo"}}
            """);

        Assert.True(response.GetProperty("isSuccess").GetBoolean(), response.ToString());
    }

    [Theory]
    [InlineData("ApiKey", "TestSecretArn", "credentials.secretArn 'TestSecretArn' is not a Secrets Manager secret ARN")]
    [InlineData("ApiKey", "arn:aws:s3:::bucket/secret", "is not a Secrets Manager secret ARN")]
    public void Credentials_the_connector_cannot_use_are_InvalidCredentials(string authenticationType, string secretArn, string problem)
    {
        var response = connector.Invoke($$$"""
            {"type":"ValidateCredentialsRequest","credentials":{"secretArn":"{{{secretArn}}}","authenticationType":"{{{authenticationType}}}"}}
            """);

        Assert.Contains(problem, SampleConnectorCall.Refusal(response, "InvalidCredentials"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"locale":"en-US"}""", "must be a JSON object whose 'type' names the request")]
    [InlineData("""[1,2]""", "must be a JSON object whose 'type' names the request")]
    [InlineData("""{"type":"DeleteEverythingRequest"}""", "No operation is defined for request type: DeleteEverythingRequest")]
    [InlineData("""{"type":"DescribeConnectorConfigurationRequest",""", "The event is not JSON")]
    public void An_event_without_a_known_type_is_a_handler_failure(string eventJson, string problem)
    {
        var exception = Assert.Throws<ConnectorRequestException>(() => connector.Invoke(eventJson));

        Assert.Contains(problem, exception.Message, StringComparison.Ordinal);
    }
}
