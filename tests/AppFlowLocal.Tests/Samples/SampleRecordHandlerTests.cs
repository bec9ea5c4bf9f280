using SampleConnector.Handlers;

namespace AppFlowLocal.Tests.Samples;

/// <summary>QueryData (filterExpression in AppFlow's filter grammar, paging, projection) and RetrieveData of the sample connector.</summary>
public sealed class SampleRecordHandlerTests
{
    private readonly SampleConnectorCall connector = new();

    [Theory]
    [InlineData("Account", "Employees > 100", "ACC-0001 ACC-0002")]
    [InlineData("Account", "Employees >= 310", "ACC-0001 ACC-0002")]
    [InlineData("Account", "Employees < 87", "ACC-0003")]
    [InlineData("Account", "Employees <= 87", "ACC-0003 ACC-0004")]
    [InlineData("Account", "Employees = 45", "ACC-0003")]
    [InlineData("Account", "Employees != 45", "ACC-0001 ACC-0002 ACC-0004")]
    [InlineData("Account", "Employees > -5 and AnnualRevenue > 0.5", "ACC-0001 ACC-0002 ACC-0003")]
    [InlineData("Account", "AnnualRevenue > 12500000", "ACC-0001")]
    [InlineData("Account", "AnnualRevenue = null", "ACC-0004")]
    [InlineData("Account", "AnnualRevenue != null", "ACC-0001 ACC-0002 ACC-0003")]
    [InlineData("Account", "IsActive = false", "ACC-0003")]
    [InlineData("Account", "IsActive != True", "ACC-0003")]
    [InlineData("Account", "Name CONTAINS 'harbor'", "ACC-0002")]
    [InlineData("Account", "Name = \"Acme Tools\"", "ACC-0001")]
    [InlineData("Account", "Industry != 'Retail'", "ACC-0001 ACC-0003 ACC-0004")]
    [InlineData("Account", "Industry IN ('Retail', \"Software\")", "ACC-0002 ACC-0004")]
    [InlineData("Account", "CustomerSince BETWEEN 2018-01-01 AND 2021-12-31", "ACC-0001 ACC-0002")]
    [InlineData("Account", "CustomerSince < '2018-01-01'", "ACC-0003")]
    [InlineData("Account", "LastModified > 2024-06-01T00:00:00Z", "ACC-0002 ACC-0004")]
    [InlineData("Account", "LastModified > 2024-06-01", "ACC-0002 ACC-0004")]
    [InlineData("Account", "LastModified between 2024-01-01T00:00:00Z and 2024-06-30T00:00:00.000Z", "ACC-0001 ACC-0002")]
    [InlineData("Account", "IsActive = true AND Employees > 100 OR Industry = 'Healthcare'", "ACC-0001 ACC-0002 ACC-0003")]
    [InlineData("Account", "IsActive = true AND (Employees > 100 OR Industry = 'Healthcare')", "ACC-0001 ACC-0002")]
    [InlineData("Account", "NOT IsActive = true AND Employees < 100", "ACC-0003")]
    [InlineData("Account", "NOT (IsActive = true AND Employees < 100)", "ACC-0001 ACC-0002 ACC-0003")]
    [InlineData("Account", "Employees > 10 LIMIT 2", "ACC-0001 ACC-0002")]
    [InlineData("Account", "LIMIT 1", "ACC-0001")]
    [InlineData("Account", "  ", "ACC-0001 ACC-0002 ACC-0003 ACC-0004")]
    [InlineData("Contact", "FirstName = null", "CON-0004")]
    [InlineData("Contact", "FirstName != 'Ada'", "CON-0002 CON-0003 CON-0004")]
    [InlineData("Contact", "BirthDate = null or AccountId = 'ACC-0004'", "CON-0003 CON-0004")]
    [InlineData("Contact", "Email CONTAINS \"@ACME.\" and LastName != 'Babbage'", "CON-0001")]
    [InlineData("Sales/Opportunity", "Amount >= 82000.50 and Probability < 1", "OPP-0001 OPP-0002")]
    public void A_filter_selects_the_records_it_describes(string entity, string filter, string expectedIds)
    {
        Assert.Equal(expectedIds.Split(' '), SampleConnectorCall.Ids(connector.Query(entity, filter)));
    }

    [Theory]
    [InlineData("Employees >", "Employees is a Integer field: expected a number at position 12, found the end of the expression")]
    [InlineData("Revenue > 5", "Account has no field 'Revenue' (position 1)")]
    [InlineData("Name > 'A'", "> (GREATER_THAN) is not supported on String field Name (position 6); it supports CONTAINS, EQUAL_TO, NOT_EQUAL_TO")]
    [InlineData("Employees BETWEEN 1 AND 5", "BETWEEN (BETWEEN) is not supported on Integer field Employees")]
    [InlineData("Employees = 'many'", "expected a number at position 13, found the string 'many'")]
    [InlineData("IsActive = 1", "IsActive is a Boolean field: expected true or false at position 12, found '1'")]
    [InlineData("CustomerSince > 2024-13-01", "'2024-13-01' at position 17 is neither a date (yyyy-MM-dd) nor a UTC date-time (yyyy-MM-ddTHH:mm:ssZ)")]
    [InlineData("LastModified > 2024-06-01T00:00:00", "'2024-06-01T00:00:00' at position 16 is neither a date")]
    [InlineData("CustomerSince = 2024-06-01T00:00:00Z", "CustomerSince is a Date field: expected a date like 2024-01-31 at position 17, found '2024-06-01T00:00:00Z'")]
    [InlineData("LastModified > 5", "LastModified is a DateTime field: expected a UTC date-time like 2024-01-31T10:00:00Z at position 16, found '5'")]
    [InlineData("(Employees > 5", "expected ')' at position 15, found the end of the expression")]
    [InlineData("Employees > 5)", "expected no ')' without a '(' before it at position 14")]
    [InlineData("Name = 'Acme", "the string starting at position 8 has no closing '")]
    [InlineData("Employees > 5 LIMIT 0", "LIMIT takes a positive whole number, not 0")]
    [InlineData("Employees", "expected an operator (=, !=, <, <=, >, >=, CONTAINS, BETWEEN, IN) after Employees at position 10")]
    [InlineData("Employees > 5 AND", "expected a field name at position 18, found the end of the expression")]
    [InlineData("Name ~ 'x'", "unexpected character '~' at position 6")]
    [InlineData("name = 'Acme Tools'", "Account has no field 'name'")]
    [InlineData("Employees > 5 And IsActive = true", "expected AND, OR, LIMIT or the end at position 15, found 'And'")]
    public void A_filter_the_connector_cannot_apply_is_InvalidArgument_saying_where_and_why(string filter, string problem)
    {
        var message = SampleConnectorCall.Refusal(connector.Query("Account", filter));

        Assert.StartsWith($"filterExpression '{filter}' cannot be applied: ", message, StringComparison.Ordinal);
        Assert.Contains(problem, message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pages_of_maxResults_records_follow_each_other_through_nextToken()
    {
        var first = connector.Query("Account", maxResults: 3);
        var second = connector.Query("Account", maxResults: 3, nextToken: first.GetProperty("nextToken").GetString());

        Assert.Equal(["ACC-0001", "ACC-0002", "ACC-0003"], SampleConnectorCall.Ids(first));
        Assert.Equal(["ACC-0004"], SampleConnectorCall.Ids(second));
        Assert.False(second.TryGetProperty("nextToken", out _));
    }

    [Fact]
    public void The_pageSize_runtime_setting_caps_a_page()
    {
        var response = connector.Query("Account", context: """{"apiVersion":"v1","connectorRuntimeSettings":{"instanceName":"demo","pageSize":"2"}}""");

        Assert.Equal(["ACC-0001", "ACC-0002"], SampleConnectorCall.Ids(response));
        Assert.Equal("2", response.GetProperty("nextToken").GetString());
    }

    [Fact]
    public void Selected_fields_are_the_only_ones_returned_in_the_order_named()
    {
        var record = SampleConnectorCall.Records(connector.Query("Account", "Employees = 45", fields: """["Name","Id","AnnualRevenue"]"""))[0];

        Assert.Equal(["Name", "Id", "AnnualRevenue"], record.EnumerateObject().Select(member => member.Name));
        Assert.Equal(3100000.75m, record.GetProperty("AnnualRevenue").GetDecimal());
    }

    [Fact]
    public void An_unset_value_is_returned_as_null_with_every_field_present()
    {
        var record = SampleConnectorCall.Records(connector.Query("Account", "Name = 'Delta Software'"))[0];

        Assert.Equal(8, record.EnumerateObject().Count());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, record.GetProperty("AnnualRevenue").ValueKind);
    }

    [Theory]
    [InlineData("Lead", null, null, null, "SampleCrm has no entity 'Lead'")]
    [InlineData("Sales", null, null, null, "'Sales' is a folder, not an entity")]
    [InlineData("Account", """["Name","Revenue","Owner"]""", null, null, "selectedFieldNames names fields Account does not have: Revenue, Owner")]
    [InlineData("Account", null, 0, null, "maxResults must be at least 1, not 0")]
    [InlineData("Account", null, null, "-1", "nextToken '-1' was not issued by this connector")]
    public void A_query_the_connector_cannot_answer_is_InvalidArgument(string entity, string? fields, int? maxResults, string? nextToken, string problem)
    {
        Assert.StartsWith(problem, SampleConnectorCall.Refusal(connector.Query(entity, fields: fields, maxResults: maxResults, nextToken: nextToken)), StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_pageSize_in_the_context_is_InvalidArgument()
    {
        var response = connector.Query("Account", context: """{"apiVersion":"v1","connectorRuntimeSettings":{"pageSize":"all"}}""");

        Assert.Equal("runtime setting pageSize must be a whole number from 1 to 1000", SampleConnectorCall.Refusal(response));
    }

    [Theory]
    [InlineData("""{"type":"QueryDataRequest","connectorContext":{"apiVersion":"v1"}}""", "QueryDataRequest is missing required member entityIdentifier")]
    [InlineData("""{"type":"QueryDataRequest","entityIdentifier":"Account"}""", "QueryDataRequest is missing required member connectorContext")]
    [InlineData("""{"type":"QueryDataRequest","entityIdentifier":"Account","connectorContext":{"apiVersion":"v1"},"selectedFieldNames":"Name"}""", "QueryDataRequest: the member at 'selectedFieldNames' has the wrong JSON type")]
    [InlineData("""{"type":"RetrieveDataRequest","connectorContext":{"apiVersion":"v1"},"ids":["ACC-0001"]}""", "RetrieveDataRequest is missing required member entityIdentifier")]
    public void A_malformed_data_event_is_a_handler_failure_naming_the_member(string eventJson, string problem)
    {
        var exception = Assert.Throws<ConnectorRequestException>(() => connector.Invoke(eventJson));

        Assert.Equal(problem, exception.Message);
    }

    [Theory]
    [InlineData("Account", null, """["ACC-0002","ACC-9999","ACC-0001"]""", "ACC-0001 ACC-0002")]
    [InlineData("Contact", "AccountId", """["ACC-0001"]""", "CON-0001 CON-0002")]
    [InlineData("Account", "Employees", """["45"]""", "ACC-0003")]
    [InlineData("Account", null, """["ACC-9999"]""", "")]
    public void RetrieveData_returns_the_records_whose_id_field_has_one_of_the_ids(string entity, string? idFieldName, string ids, string expectedIds)
    {
        var response = connector.Invoke($$"""
            {"type":"RetrieveDataRequest","entityIdentifier":"{{entity}}","connectorContext":{{SampleConnectorCall.Context}},
             "ids":{{ids}}{{(idFieldName is null ? "" : $",\"idFieldName\":\"{idFieldName}\"")}}}
            """);

        Assert.Equal(expectedIds.Split(' ', StringSplitOptions.RemoveEmptyEntries), SampleConnectorCall.Ids(response));
    }

    [Fact]
    public void RetrieveData_returns_only_the_selected_fields()
    {
        var response = connector.Invoke($$"""
            {"type":"RetrieveDataRequest","entityIdentifier":"Contact","connectorContext":{{SampleConnectorCall.Context}},"ids":["CON-0003"],"selectedFieldNames":["Id","Email"]}
            """);

        var record = Assert.Single(SampleConnectorCall.Records(response));
        Assert.Equal("""{"Id":"CON-0003","Email":"grace@blueharbor.example"}""", record.GetRawText());
    }

    [Theory]
    [InlineData("Account", "\"idFieldName\":\"Code\",\"ids\":[\"1\"]", "idFieldName 'Code' is not a field of Account")]
    [InlineData("Account", "\"ids\":[]", "ids must name at least one record")]
    [InlineData("Account", "\"ids\":[\"ACC-0001\"],\"selectedFieldNames\":[\"Secret\"]", "selectedFieldNames names fields Account does not have: Secret")]
    [InlineData("Lead", "\"ids\":[\"1\"]", "SampleCrm has no entity 'Lead'")]
    public void A_retrieval_the_connector_cannot_answer_is_InvalidArgument(string entity, string members, string problem)
    {
        var response = connector.Invoke($$"""
            {"type":"RetrieveDataRequest","entityIdentifier":"{{entity}}","connectorContext":{{SampleConnectorCall.Context}},{{members}}}
            """);

        Assert.StartsWith(problem, SampleConnectorCall.Refusal(response), StringComparison.Ordinal);
    }
}
