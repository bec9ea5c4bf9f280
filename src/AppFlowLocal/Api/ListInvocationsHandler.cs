using System.Text.Json;
using AppFlowLocal.Model;
using AppFlowLocal.Registry;
using AppFlowLocal.Wire;

namespace AppFlowLocal.Api;

/// <summary>
/// <c>GET /_appflow-local/invocations?functionArn=...</c>: the function's recent invocations made for
/// the caller's account and region on this node, newest first, failed registrations included. Not an
/// AppFlow operation: AppFlow Local's own, for connector authors (and the console's data).
/// </summary>
internal static class ListInvocationsHandler
{
    public const string Route = "/_appflow-local/invocations";

    public static async Task HandleAsync(HttpContext context, string? functionArn, ConnectorRegistry registry)
    {
        if (string.IsNullOrEmpty(functionArn))
        {
            throw new AppFlowException(AwsErrorCode.ValidationException,
                "1 validation error detected: Value null at 'functionArn' failed to satisfy constraint: Member must not be null");
        }

        var records = registry.RecentInvocations(context.GetCaller(), functionArn);
        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteString("functionArn", functionArn);
        json.WriteStartArray("invocations");
        foreach (var record in records)
        {
            json.WriteStartObject();
            json.WriteNumber("startedAt", record.StartedAt.ToUnixTimeMilliseconds() / 1000.0);
            json.WriteString("operation", record.Operation);
            json.WriteString("connectorLabel", record.ConnectorLabel);
            json.WriteString("requestType", record.RequestType);
            json.WriteString("outcome", record.Outcome);
            json.WriteNumber("latencyMs", Math.Round(record.Latency.TotalMilliseconds, 3));
            if (record.Error is { } error)
            {
                json.WriteString("error", error);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
    }
}
