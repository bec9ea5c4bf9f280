using System.Text;
using System.Text.Json;
using AppFlowLocal.Connectors;
using AppFlowLocal.Model;
using AppFlowLocal.Wire;

namespace AppFlowLocal.Tests.Connectors;

/// <summary>The connector-profile events and the mapping of what the connector answers, with both SDKs' habits.</summary>
public sealed class ConnectorProfileEventsTests
{
    private const string Function = "arn:aws:lambda:us-east-1:123456789012:function:f";

    private static readonly ConnectorContext Context = new(new Dictionary<string, string>(), "arn:aws:secretsmanager:us-east-1:123456789012:secret:s", "CUSTOM", null);

    [Fact]
    public void Entities_map_identifier_to_name_and_keep_label_and_nesting_with_nulls_left_out()
    {
        // The Python SDK writes null for every unset member; the Java SDK leaves them out.
        var page = ConnectorProfileEvents.ToEntityPage(Function, Encoding.UTF8.GetBytes("""
            {"isSuccess":true,"errorDetails":null,"cacheControl":null,"nextToken":"n2","entities":[
              {"entityIdentifier":"Sales","hasNestedEntities":true,"isWritable":false,"label":"Sales","description":null},
              {"entityIdentifier":"Account","hasNestedEntities":null,"isWritable":null,"label":null,"description":null},
              {"entityIdentifier":"Contact"}]}
            """));

        Assert.Equal("n2", page.NextToken);
        var written = JsonSerializer.Serialize(new ListConnectorEntitiesResponse { ConnectorEntityMap = new() { ["Objects"] = [.. page.Entities] } },
            AppFlowJsonContext.Default.ListConnectorEntitiesResponse);
        Assert.Equal("""{"connectorEntityMap":{"Objects":[{"name":"Sales","label":"Sales","hasNestedEntities":true},{"name":"Account"},{"name":"Contact"}]}}""", written);
    }

    [Theory]
    [InlineData("""{"isSuccess":true,"entities":[{"label":"no identifier"}]}""", "entities[0] has no entityIdentifier")]
    [InlineData("""{"isSuccess":false,"errorDetails":{"errorCode":"InvalidArgument","errorMessage":"no such folder"}}""", "(ListEntitiesResponse, InvalidArgument): no such folder")]
    [InlineData("""{"entities":[]}""", "without isSuccess")]
    [InlineData("""{"isSuccess":true,"entities":{}}""", "cannot be read")]
    public void A_refusal_or_an_unusable_answer_is_a_ConnectorServerException(string payload, string expected)
    {
        var exception = Assert.Throws<AppFlowException>(() => ConnectorProfileEvents.ToEntityPage(Function, Encoding.UTF8.GetBytes(payload)));
        Assert.Equal(AwsErrorCode.ConnectorServerException, exception.Code);
        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidCredentials_is_a_ConnectorAuthenticationException_bounded_to_the_model_s_message_length()
    {
        var payload = Encoding.UTF8.GetBytes("""{"isSuccess":false,"errorDetails":{"errorCode":"InvalidCredentials","errorMessage":"MESSAGE"}}"""
            .Replace("MESSAGE", new string('x', 5000), StringComparison.Ordinal));
        var exception = Assert.Throws<AppFlowException>(() => ConnectorProfileEvents.EnsureValid(Function, "ValidateCredentialsResponse", payload));
        Assert.Equal(AwsErrorCode.ConnectorAuthenticationException, exception.Code);
        Assert.StartsWith("Error authenticating to connector: xxx", exception.Message, StringComparison.Ordinal);
        Assert.True(exception.Message.Length <= 2048, $"{exception.Message.Length} characters");
    }

    [Fact]
    public void ListEntities_without_an_api_version_or_a_page_size_leaves_them_out_and_sends_empty_settings()
    {
        var sent = JsonDocument.Parse(ConnectorProfileEvents.ListEntities(Context, null, null, null)).RootElement;
        Assert.Equal("""{"type":"ListEntitiesRequest","locale":"en-US","connectorContext":{"connectorRuntimeSettings":{},"credentials":{"secretArn":"arn:aws:secretsmanager:us-east-1:123456789012:secret:s","authenticationType":"CustomAuth"}}}""",
            sent.GetRawText());
    }
}
