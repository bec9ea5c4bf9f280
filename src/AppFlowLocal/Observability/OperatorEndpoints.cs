using Prometheus;

namespace AppFlowLocal.Observability;

/// <summary>The routes an operator scrapes: health and Prometheus metrics. Neither needs AWS credentials.</summary>
internal static class OperatorEndpoints
{
    public static IEndpointRouteBuilder MapOperatorEndpoints(this IEndpointRouteBuilder routes)
    {
        // .NET's event counters and meters would add hundreds of series nobody asked for, and the
        // event-counter listener costs CPU on every node; the process metrics and ours are what matter.
        Metrics.SuppressDefaultMetrics(new SuppressDefaultMetricOptions { SuppressEventCounters = true, SuppressMeters = true });

        routes.MapGet(HealthEndpoint.Route, HealthEndpoint.HandleAsync);
        routes.MapMetrics("/metrics");
        return routes;
    }
}
