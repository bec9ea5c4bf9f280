using System.Text.Json;
using AppFlowLocal.Model;
using AppFlowLocal.Registry;
using AppFlowLocal.Wire;

namespace AppFlowLocal.Api;

/// <summary>
/// <c>GET /_appflow-local/connectors/{label}/history</c>: the version history of the label's latest
/// registration in the caller's account and region, newest first, its unregistration included. Not an
/// AppFlow operation: AppFlow Local's own, for connector authors (and the console's data).
/// </summary>
internal static class ConnectorHistoryHandler
{
    public const string Route = "/_appflow-local/connectors/{label}/history";

    public static async Task HandleAsync(HttpContext context, string label, ConnectorRegistry registry)
    {
        var caller = context.GetCaller();
        var entries = await registry.HistoryAsync(caller, label, context.RequestAborted);
        if (entries.Count == 0)
        {
            throw new AppFlowException(AwsErrorCode.ResourceNotFoundException,
                $"No connector with the label {label} was ever registered in account {caller.Account} and region {caller.Region}.");
        }

        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteString("connectorLabel", label);
        json.WriteString("registrationId", entries[0].RegistrationId);
        json.WriteStartArray("history");
        foreach (var entry in entries)
        {
            json.WriteStartObject();
            json.WriteNumber("sequence", entry.Sequence);
            json.WriteString("action", entry.Action);
            json.WriteNumber("at", entry.At.ToUnixTimeMilliseconds() / 1000.0);
            json.WriteString("by", entry.By);
            if (entry.LambdaArn is { } lambdaArn)
            {
                json.WriteString("lambdaArn", lambdaArn);
            }

            if (entry.ConnectorVersion is { } version)
            {
                json.WriteString("connectorVersion", version);
            }

            json.WriteStartArray("changes");
            foreach (var change in entry.Changes)
            {
                json.WriteStringValue(change);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
    }
}
