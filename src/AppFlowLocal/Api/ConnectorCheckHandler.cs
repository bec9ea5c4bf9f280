using System.Text;
using AppFlowLocal.Registry;
using AppFlowLocal.Wire;

namespace AppFlowLocal.Api;

/// <summary>
/// <c>GET /_appflow-local/connectors/{label}/check</c>: invokes the registered connector's function
/// again and answers with every problem of its configuration (JSON, or text with <c>?format=text</c>).
/// Not an AppFlow operation: AppFlow Local's own, for connector authors. It changes nothing.
/// </summary>
internal static class ConnectorCheckHandler
{
    public const string Route = "/_appflow-local/connectors/{label}/check";

    public static async Task<IResult> HandleAsync(HttpContext context, string label, string? format, ConnectorRegistry registry)
    {
        var report = await registry.CheckAsync(context.GetCaller(), label, context.RequestAborted);
        return string.Equals(format, "text", StringComparison.OrdinalIgnoreCase)
            ? Results.Text(report.ToText(), "text/plain; charset=utf-8", Encoding.UTF8)
            : RestJson.Ok(report, AppFlowJsonContext.Default.ConnectorCheckReport);
    }
}
