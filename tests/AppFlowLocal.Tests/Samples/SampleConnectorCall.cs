using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using SampleConnector.Crm;
using SampleConnector.Handlers;

namespace AppFlowLocal.Tests.Samples;

/// <summary>
/// One sample connector with its own in-memory CRM and a clock the test holds, invoked with event JSON
/// exactly as Lambda would pass it.
/// </summary>
internal sealed class SampleConnectorCall
{
    public const string Context = """{"apiVersion":"v1","connectorRuntimeSettings":{"instanceName":"demo"},"credentials":{"secretArn":"arn:aws:secretsmanager:us-east-1:123456789012:secret:crm-AbCdEf","authenticationType":"ApiKey"}}""";

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2025, 2, 3, 4, 5, 6, TimeSpan.Zero));

    public ConnectorFunction Function { get; }

    public SampleConnectorCall()
    {
        Function = new ConnectorFunction(new CrmStore(Clock));
    }

    public JsonElement Invoke(string eventJson)
    {
        var response = Function.Invoke(System.Text.Encoding.UTF8.GetBytes(eventJson));
        return JsonDocument.Parse(response).RootElement.Clone();
    }

    public JsonElement Query(string entity, string? filter = null, string? fields = null, int? maxResults = null, string? nextToken = null, string context = Context) =>
        Invoke($$"""
            {"type":"QueryDataRequest","entityIdentifier":{{JsonSerializer.Serialize(entity)}},"connectorContext":{{context}}
             {{(filter is null ? "" : $",\"filterExpression\":{JsonSerializer.Serialize(filter)}")}}
             {{(fields is null ? "" : $",\"selectedFieldNames\":{fields}")}}
             {{(maxResults is null ? "" : $",\"maxResults\":{maxResults}")}}
             {{(nextToken is null ? "" : $",\"nextToken\":{JsonSerializer.Serialize(nextToken)}")}}}
            """);

    public JsonElement Write(string entity, string operation, bool allOrNone = false, string? idFieldNames = null, params string[] records) =>
        Invoke($$"""
            {"type":"WriteDataRequest","entityIdentifier":{{JsonSerializer.Serialize(entity)}},"connectorContext":{{Context}},
             "operation":"{{operation}}","allOrNone":{{(allOrNone ? "true" : "false")}},"records":{{JsonSerializer.Serialize(records)}}
             {{(idFieldNames is null ? "" : $",\"idFieldNames\":{idFieldNames}")}}}
            """);

    /// <summary>The records of a QueryData or RetrieveData response, each parsed from its JSON string.</summary>
    public static List<JsonElement> Records(JsonElement response)
    {
        Assert.True(response.GetProperty("isSuccess").GetBoolean(), response.ToString());
        return [.. response.GetProperty("records").EnumerateArray().Select(record => JsonDocument.Parse(record.GetString()!).RootElement.Clone())];
    }

    public static List<string> Ids(JsonElement response) => [.. Records(response).Select(record => record.GetProperty("Id").GetString()!)];

    /// <summary>Asserts an <c>isSuccess: false</c> answer with <paramref name="code"/> and returns its message.</summary>
    public static string Refusal(JsonElement response, string code = "InvalidArgument")
    {
        Assert.False(response.GetProperty("isSuccess").GetBoolean(), response.ToString());
        var details = response.GetProperty("errorDetails");
        Assert.Equal(code, details.GetProperty("errorCode").GetString());
        return details.GetProperty("errorMessage").GetString()!;
    }
}
