using System.Data.Common;
using System.Text.Json;
using AppFlowLocal.Storage;

namespace AppFlowLocal.Observability;

/// <summary>
/// <c>GET /_appflow-local/health</c>: whether this node can serve, for load balancers and orchestrators.
/// Plain JSON rather than an AWS error shape: its readers are probes, not AWS SDKs. 200 when storage
/// answers a real query at this server's schema version; 503 when it cannot be reached or holds another
/// schema (a file replaced under the node, a database another server migrated).
/// </summary>
internal static partial class HealthEndpoint
{
    public const string Route = "/_appflow-local/health";

    /// <summary>A probe wants an answer before its own timeout, not after the database's connect timeout.</summary>
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(5);

    public static async Task HandleAsync(HttpContext context, IRegistryStore store, ILoggerFactory loggers)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(QueryTimeout);
        StorageReadiness? readiness = null;
        string? problem = null;
        try
        {
            readiness = await store.CheckReadinessAsync(timeout.Token);
            if (!readiness.IsReady)
            {
                problem = $"the database holds schema version {readiness.SchemaVersion}, this server needs {readiness.ExpectedSchemaVersion}";
            }
        }
        catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
        {
            problem = $"the database did not answer within {QueryTimeout.TotalSeconds:0} s";
        }
        catch (Exception e) when (e is DbException or IOException or InvalidOperationException or TimeoutException)
        {
            problem = e.Message;
        }

        if (problem is not null)
        {
            AppFlowMetrics.StorageFailed(ProviderName(context));
            LogNotReady(loggers.CreateLogger(typeof(HealthEndpoint).FullName!), problem);
        }

        context.Response.StatusCode = problem is null ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteString("status", problem is null ? "ok" : "unavailable");
        json.WriteStartObject("storage");
        json.WriteString("provider", readiness?.Provider ?? ProviderName(context));
        json.WriteBoolean("ready", problem is null);
        if (readiness is not null)
        {
            json.WriteNumber("schemaVersion", readiness.SchemaVersion);
        }

        if (problem is not null)
        {
            json.WriteString("error", problem);
        }

        json.WriteEndObject();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
    }

    internal static string ProviderName(HttpContext context) =>
        StorageOptions.IsPostgres(context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<StorageOptions>>().Value.Provider)
            ? "postgres"
            : "sqlite";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Health check: storage is not ready: {Problem}")]
    private static partial void LogNotReady(ILogger logger, string problem);
}
