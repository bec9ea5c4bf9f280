using System.Text.Json;
using SampleConnector.Handlers;

namespace AppFlowLocal.Tests.Samples;

/// <summary>WriteData of the sample connector: the four operations, per-record results, allOrNone.</summary>
public sealed class SampleWriteHandlerTests
{
    private readonly SampleConnectorCall connector = new();

    private static List<(bool Success, string Id, string? Message)> Results(JsonElement response) =>
        [.. response.GetProperty("writeRecordResults").EnumerateArray().Select(result => (
            result.GetProperty("isSuccess").GetBoolean(),
            result.GetProperty("recordId").GetString()!,
            result.TryGetProperty("errorMessage", out var message) ? message.GetString() : null))];

    [Fact]
    public void Inserted_records_get_new_ids_and_the_clock_s_time_and_are_queryable()
    {
        var response = connector.Write("Account", "INSERT", records:
        [
            """{"Name":"Echo Labs","Industry":"Software","Employees":12,"IsActive":true,"CustomerSince":"2025-01-02"}""",
            """{"Id":"ACC-0100","Name":"Foxtrot Foods"}""",
            """{"Name":"Golf Gear"}""",
        ]);

        Assert.True(response.GetProperty("isSuccess").GetBoolean(), response.ToString());
        Assert.Equal([(true, "ACC-0005", null), (true, "ACC-0100", null), (true, "ACC-0101", null)], Results(response));
        var echo = SampleConnectorCall.Records(connector.Query("Account", "Name = 'Echo Labs'"))[0];
        Assert.Equal("2025-02-03T04:05:06Z", echo.GetProperty("LastModified").GetString());
        Assert.Equal(12, echo.GetProperty("Employees").GetInt32());
        Assert.Equal(["ACC-0005"], SampleConnectorCall.Ids(connector.Query("Account", "LastModified >= 2025-02-03T04:05:06Z and Industry = 'Software'")));
    }

    [Fact]
    public void An_update_changes_only_the_fields_given()
    {
        connector.Clock.Advance(TimeSpan.FromHours(1));

        var response = connector.Write("Contact", "UPDATE", records: """{"Id":"CON-0003","Email":"grace@navy.example","BirthDate":"1906-12-09"}""");

        Assert.Equal([(true, "CON-0003", null)], Results(response));
        var grace = SampleConnectorCall.Records(connector.Query("Contact", "Id = 'CON-0003'"))[0];
        Assert.Equal("grace@navy.example", grace.GetProperty("Email").GetString());
        Assert.Equal("1906-12-09", grace.GetProperty("BirthDate").GetString());
        Assert.Equal("Hopper", grace.GetProperty("LastName").GetString());
        Assert.Equal("2025-02-03T05:05:06Z", grace.GetProperty("LastModified").GetString());
    }

    [Fact]
    public void An_upsert_by_another_id_field_updates_a_match_and_inserts_the_rest()
    {
        var response = connector.Write("Account", "UPSERT", idFieldNames: """["Name"]""", records:
        [
            """{"Name":"Cedar Health","Employees":60}""",
            """{"Name":"Hotel Hardware","Industry":"Retail"}""",
        ]);

        Assert.Equal([(true, "ACC-0003", null), (true, "ACC-0005", null)], Results(response));
        Assert.Equal(["ACC-0003"], SampleConnectorCall.Ids(connector.Query("Account", "Employees = 60")));
        Assert.Equal(["ACC-0005"], SampleConnectorCall.Ids(connector.Query("Account", "Name = 'Hotel Hardware'")));
    }

    [Fact]
    public void A_delete_removes_the_record()
    {
        var response = connector.Write("Contact", "DELETE", records: """{"Id":"CON-0002"}""");

        Assert.Equal([(true, "CON-0002", null)], Results(response));
        Assert.Equal(["CON-0001"], SampleConnectorCall.Ids(connector.Query("Contact", "AccountId = 'ACC-0001'")));
    }

    [Theory]
    [InlineData("INSERT", """{"Industry":"Retail"}""", "record 0: Name is required to insert a Account")]
    [InlineData("INSERT", """{"Name":"X","Industry":"Mining"}""", "record 0: Industry must be one of Software, Retail, Manufacturing, Healthcare, not 'Mining'")]
    [InlineData("INSERT", """{"Name":"X","Employees":"many"}""", "record 0: Employees must be a number, not a string")]
    [InlineData("INSERT", """{"Name":"X","Employees":2.5}""", "record 0: Employees must be a whole number")]
    [InlineData("INSERT", """{"Name":"X","CustomerSince":"01/02/2025"}""", "record 0: CustomerSince must be a date written yyyy-MM-dd")]
    [InlineData("INSERT", """{"Name":"X","IsActive":"yes"}""", "record 0: IsActive must be true or false, not a string")]
    [InlineData("INSERT", """{"Name":"X","Owner":"me"}""", "record 0: Account has no field 'Owner'")]
    [InlineData("INSERT", """{"Name":"X","LastModified":"2025-01-01T00:00:00Z"}""", "record 0: LastModified is set by SampleCrm and cannot be written")]
    [InlineData("INSERT", """{"Id":"ACC-0001","Name":"Twin"}""", "record 0: a Account with Id ACC-0001 already exists")]
    [InlineData("INSERT", """["Name"]""", "record 0 is not a JSON object")]
    [InlineData("INSERT", """{"Name":""", "record 0 is not a JSON object")]
    [InlineData("UPDATE", """{"Name":"No id"}""", "record 0: UPDATE needs id field Id")]
    [InlineData("UPDATE", """{"Id":"ACC-0999","Name":"Nobody"}""", "record 0: no Account has Id \"ACC-0999\"")]
    [InlineData("UPDATE", """{"Id":"ACC-0001","Name":null}""", "record 0: Name may not be null")]
    [InlineData("UPDATE", """{"Id":"ACC-0001","LastModified":"2025-01-01T00:00:00Z"}""", "record 0: LastModified cannot be updated")]
    [InlineData("DELETE", """{"Id":"ACC-0999"}""", "record 0: no Account has Id \"ACC-0999\"")]
    public void A_record_that_cannot_be_written_fails_alone_with_its_reason(string operation, string bad, string problem)
    {
        var good = operation == "INSERT" ? """{"Name":"Fine Co"}""" : """{"Id":"ACC-0004","Employees":90}""";

        var response = connector.Write("Account", operation, records: [bad, good]);

        Assert.Equal("1 of 2 records failed; see writeRecordResults", SampleConnectorCall.Refusal(response, "PartialWriteFailure"));
        var results = Results(response);
        Assert.False(results[0].Success);
        Assert.Equal(problem, results[0].Message);
        Assert.True(results[1].Success, results[1].Message);
    }

    [Fact]
    public void With_allOrNone_one_failure_writes_nothing()
    {
        var response = connector.Write("Account", "INSERT", allOrNone: true, records:
        [
            """{"Name":"Would Be Written"}""",
            """{"Employees":3}""",
        ]);

        var message = SampleConnectorCall.Refusal(response);
        Assert.Equal("No record written: 1 of 2 records failed and allOrNone is set; the first: record 1: Name is required to insert a Account", message);
        Assert.Equal("not written: allOrNone is set and record 1 failed", Results(response)[0].Message);
        Assert.Empty(SampleConnectorCall.Records(connector.Query("Account", "Name = 'Would Be Written'")));
    }

    [Fact]
    public void Several_records_matching_the_id_fields_are_not_updated()
    {
        var response = connector.Write("Contact", "UPDATE", idFieldNames: """["AccountId"]""", records: """{"AccountId":"ACC-0001","Email":"both@acme.example"}""");

        Assert.Equal("record 0: 2 records have AccountId \"ACC-0001\"; UPDATE needs exactly one", Results(response)[0].Message);
        Assert.Empty(SampleConnectorCall.Records(connector.Query("Contact", "Email = 'both@acme.example'")));
    }

    [Theory]
    [InlineData("Sales/Opportunity", null, "Sales/Opportunity is read-only: it cannot be a flow's destination")]
    [InlineData("Lead", null, "SampleCrm has no entity 'Lead'")]
    [InlineData("Account", """["AccountNumber"]""", "idFieldNames names 'AccountNumber', which is not a field of Account")]
    public void A_write_the_connector_cannot_take_is_InvalidArgument(string entity, string? idFieldNames, string problem)
    {
        var response = connector.Write(entity, "UPSERT", idFieldNames: idFieldNames, records: """{"Name":"X"}""");

        Assert.StartsWith(problem, SampleConnectorCall.Refusal(response), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"type":"WriteDataRequest","entityIdentifier":"Account","connectorContext":{"apiVersion":"v1"},"operation":"MERGE","records":[]}""", "WriteDataRequest.operation 'MERGE' is not a WriteOperationType (INSERT, UPDATE, UPSERT, DELETE)")]
    [InlineData("""{"type":"WriteDataRequest","entityIdentifier":"Account","connectorContext":{"apiVersion":"v1"},"records":[]}""", "WriteDataRequest is missing required member operation")]
    [InlineData("""{"type":"WriteDataRequest","entityIdentifier":"Account","connectorContext":{"apiVersion":"v1"},"operation":"INSERT","records":[{"Name":"X"}]}""", "WriteDataRequest: the member at 'records[0]' has the wrong JSON type")]
    public void A_malformed_write_event_is_a_handler_failure_naming_the_member(string eventJson, string problem)
    {
        var exception = Assert.Throws<ConnectorRequestException>(() => connector.Invoke(eventJson));

        Assert.Equal(problem, exception.Message);
    }
}
