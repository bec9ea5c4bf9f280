using Prometheus;

namespace AppFlowLocal.Observability;

/// <summary>
/// Everything the server counts for an operator, scraped at <c>GET /metrics</c>. Static, as
/// prometheus-net intends: a metric is process-wide by nature, and every layer that observes something
/// (wire, registry, storage, connectors) can record it without threading a collector through its
/// constructor. Outcomes are "Success" or the AWS error code, so a dashboard groups failures the way a
/// client sees them.
/// </summary>
internal static class AppFlowMetrics
{
    public const string Success = "Success";

    // From 1 ms to about 33 s: an operation that invokes a connector may take up to Lambda:Timeout.
    private static readonly double[] LatencyBuckets = Histogram.ExponentialBuckets(0.001, 2, 16);

    private static readonly Counter Requests = Metrics.CreateCounter(
        "appflow_requests_total", "Requests served, by operation and outcome (Success or the AWS error code).",
        new CounterConfiguration { LabelNames = ["operation", "outcome"] });

    private static readonly Histogram RequestLatency = Metrics.CreateHistogram(
        "appflow_request_duration_seconds", "Time from a request's arrival to its response, by operation.",
        new HistogramConfiguration { LabelNames = ["operation"], Buckets = LatencyBuckets });

    private static readonly Counter Invocations = Metrics.CreateCounter(
        "appflow_lambda_invocations_total", "Connector function invocations, by request type and outcome (Success or the error the caller got).",
        new CounterConfiguration { LabelNames = ["request_type", "outcome"] });

    private static readonly Histogram InvocationLatency = Metrics.CreateHistogram(
        "appflow_lambda_invocation_duration_seconds", "Connector function invocation time, by request type and outcome.",
        new HistogramConfiguration { LabelNames = ["request_type", "outcome"], Buckets = LatencyBuckets });

    private static readonly Counter Replays = Metrics.CreateCounter(
        "appflow_idempotent_replays_total", "Calls answered with an earlier call's response because they repeated its clientToken, by operation.",
        new CounterConfiguration { LabelNames = ["operation"] });

    private static readonly Histogram BatchSizes = Metrics.CreateHistogram(
        "appflow_storage_group_commit_batch_size", "Writes committed together in one SQLite transaction (group commit).",
        new HistogramConfiguration { Buckets = [1, 2, 4, 8, 16, 32, 64] });

    private static readonly Counter StorageErrors = Metrics.CreateCounter(
        "appflow_storage_errors_total", "Requests and health checks that failed because storage failed, by provider.",
        new CounterConfiguration { LabelNames = ["provider"] });

    // Every request records into these: the labelled series are found once per operation and outcome,
    // not through prometheus-net's label lookup (an array and a hash of the label values) each time.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string, string), Counter.Child> RequestSeries = new();
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Histogram.Child> LatencySeries = new(StringComparer.Ordinal);

    public static void RequestServed(string operation, string outcome, TimeSpan elapsed)
    {
        RequestSeries.GetOrAdd((operation, outcome), static key => Requests.WithLabels(key.Item1, key.Item2)).Inc();
        LatencySeries.GetOrAdd(operation, static name => RequestLatency.WithLabels(name)).Observe(elapsed.TotalSeconds);
    }

    public static void InvocationDone(string requestType, string outcome, TimeSpan elapsed)
    {
        Invocations.WithLabels(requestType, outcome).Inc();
        InvocationLatency.WithLabels(requestType, outcome).Observe(elapsed.TotalSeconds);
    }

    public static void Replayed(string operation) => Replays.WithLabels(operation).Inc();

    public static void BatchCommitted(int writes) => BatchSizes.Observe(writes);

    public static void StorageFailed(string provider) => StorageErrors.WithLabels(provider).Inc();
}
