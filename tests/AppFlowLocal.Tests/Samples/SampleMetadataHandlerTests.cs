using System.Text.Json;
using SampleConnector.Handlers;

namespace AppFlowLocal.Tests.Samples;

/// <summary>ListEntities and DescribeEntity of the sample connector.</summary>
public sealed class SampleMetadataHandlerTests
{
    private readonly SampleConnectorCall connector = new();

    private JsonElement List(string? path = null, int? maxResult = null, string? nextToken = null, string context = SampleConnectorCall.Context) =>
        connector.Invoke($$"""
            {"type":"ListEntitiesRequest","connectorContext":{{context}}
             {{(path is null ? "" : $",\"entitiesPath\":{JsonSerializer.Serialize(path)}")}}
             {{(maxResult is null ? "" : $",\"maxResult\":{maxResult}")}}
             {{(nextToken is null ? "" : $",\"nextToken\":{JsonSerializer.Serialize(nextToken)}")}}}
            """);

    private static List<(string Id, bool Nested, bool Writable)> Entities(JsonElement response)
    {
        Assert.True(response.GetProperty("isSuccess").GetBoolean(), response.ToString());
        return [.. response.GetProperty("entities").EnumerateArray().Select(entity => (
            entity.GetProperty("entityIdentifier").GetString()!,
            entity.GetProperty("hasNestedEntities").GetBoolean(),
            entity.GetProperty("isWritable").GetBoolean()))];
    }

    [Fact]
    public void The_top_level_lists_the_Sales_folder_and_the_top_entities()
    {
        var response = List();

        Assert.Equal([("Sales", true, false), ("Account", false, true), ("Contact", false, true)], Entities(response));
        Assert.False(response.TryGetProperty("nextToken", out _));
        Assert.Equal(3600, response.GetProperty("cacheControl").GetProperty("timeToLive").GetInt64());
    }

    [Fact]
    public void A_folder_path_lists_what_is_inside_it()
    {
        Assert.Equal([("Sales/Opportunity", false, false)], Entities(List("Sales")));
    }

    [Fact]
    public void Pages_of_maxResult_entities_follow_each_other_through_nextToken()
    {
        var first = List(maxResult: 2);
        var token = first.GetProperty("nextToken").GetString()!;
        var second = List(maxResult: 2, nextToken: token);

        Assert.Equal(["Sales", "Account"], Entities(first).Select(e => e.Id));
        Assert.Equal(["Contact"], Entities(second).Select(e => e.Id));
        Assert.False(second.TryGetProperty("nextToken", out _));
    }

    [Theory]
    [InlineData("Marketing", null, null, "entitiesPath 'Marketing' is not a folder of SampleCrm; folders: Sales")]
    [InlineData("Account", null, null, "entitiesPath 'Account' is an entity, not a folder: describe it with DescribeEntity")]
    [InlineData(null, 0, null, "maxResult must be at least 1, not 0")]
    [InlineData(null, null, "page-2", "nextToken 'page-2' was not issued by this connector")]
    public void A_listing_the_connector_cannot_give_is_InvalidArgument(string? path, int? maxResult, string? nextToken, string problem)
    {
        Assert.Equal(problem, SampleConnectorCall.Refusal(List(path, maxResult, nextToken)));
    }

    [Fact]
    public void An_api_version_the_connector_does_not_support_is_InvalidArgument()
    {
        var message = SampleConnectorCall.Refusal(List(context: """{"apiVersion":"v47.0"}"""));

        Assert.Equal("apiVersion 'v47.0' is not supported; the supported versions are: v1", message);
    }

    [Theory]
    [InlineData("""{"type":"ListEntitiesRequest"}""", "ListEntitiesRequest is missing required member connectorContext")]
    [InlineData("""{"type":"ListEntitiesRequest","connectorContext":{"connectorRuntimeSettings":{}}}""", "ListEntitiesRequest is missing required member connectorContext.apiVersion")]
    [InlineData("""{"type":"ListEntitiesRequest","connectorContext":{"apiVersion":"v1"},"maxResult":"ten"}""", "ListEntitiesRequest: the member at 'maxResult' has the wrong JSON type")]
    [InlineData("""{"type":"DescribeEntityRequest","connectorContext":{"apiVersion":"v1"}}""", "DescribeEntityRequest is missing required member entityIdentifier")]
    public void A_malformed_metadata_event_is_a_handler_failure_naming_the_member(string eventJson, string problem)
    {
        var exception = Assert.Throws<ConnectorRequestException>(() => connector.Invoke(eventJson));

        Assert.Equal(problem, exception.Message);
    }

    [Fact]
    public void An_entity_is_described_with_fields_of_several_data_types_and_what_each_allows()
    {
        var response = connector.Invoke($$"""{"type":"DescribeEntityRequest","entityIdentifier":"Account","connectorContext":{{SampleConnectorCall.Context}}}""");

        Assert.True(response.GetProperty("isSuccess").GetBoolean(), response.ToString());
        var definition = response.GetProperty("entityDefinition");
        Assert.Equal("Account", definition.GetProperty("entity").GetProperty("entityIdentifier").GetString());
        var fields = definition.GetProperty("fields").EnumerateArray().ToDictionary(f => f.GetProperty("fieldName").GetString()!);
        Assert.Equal(
            ["Id:String", "Name:String", "Industry:String", "Employees:Integer", "AnnualRevenue:Double", "IsActive:Boolean", "CustomerSince:Date", "LastModified:DateTime"],
            fields.Values.Select(f => $"{f.GetProperty("fieldName").GetString()}:{f.GetProperty("dataType").GetString()}"));
        Assert.True(fields["Id"].GetProperty("isPrimaryKey").GetBoolean());
        Assert.True(fields["LastModified"].GetProperty("readProperties").GetProperty("isTimestampFieldForIncrementalQueries").GetBoolean());
        Assert.False(fields["LastModified"].TryGetProperty("writeProperties", out _));
        Assert.Equal(["Software", "Retail", "Manufacturing", "Healthcare"],
            fields["Industry"].GetProperty("constraints").GetProperty("allowedValues").EnumerateArray().Select(v => v.GetString()));
        Assert.Contains("BETWEEN", fields["CustomerSince"].GetProperty("filterOperators").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(["CONTAINS", "EQUAL_TO", "NOT_EQUAL_TO"], fields["Name"].GetProperty("filterOperators").EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public void A_nested_entity_is_described_by_its_path_and_a_read_only_one_has_no_write_properties()
    {
        var response = connector.Invoke($$"""{"type":"DescribeEntityRequest","entityIdentifier":"Sales/Opportunity","connectorContext":{{SampleConnectorCall.Context}}}""");

        var definition = response.GetProperty("entityDefinition");
        Assert.False(definition.GetProperty("entity").GetProperty("isWritable").GetBoolean());
        Assert.All(definition.GetProperty("fields").EnumerateArray(), field => Assert.False(field.TryGetProperty("writeProperties", out _)));
    }

    [Theory]
    [InlineData("Lead", "SampleCrm has no entity 'Lead'; entities: Account, Contact, Sales/Opportunity")]
    [InlineData("Sales", "'Sales' is a folder, not an entity: list it with ListEntities and entitiesPath 'Sales'")]
    [InlineData("Opportunity", "SampleCrm has no entity 'Opportunity'; entities: Account, Contact, Sales/Opportunity")]
    public void Describing_something_that_is_not_an_entity_is_InvalidArgument(string identifier, string problem)
    {
        var response = connector.Invoke($$"""{"type":"DescribeEntityRequest","entityIdentifier":"{{identifier}}","connectorContext":{{SampleConnectorCall.Context}}}""");

        Assert.Equal(problem, SampleConnectorCall.Refusal(response));
    }
}
