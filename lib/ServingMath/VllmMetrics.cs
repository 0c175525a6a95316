namespace ServingMath;

/// <summary>
/// The bucket bounds vLLM's Prometheus endpoint (<c>/metrics</c>) uses for its latency histograms, copied from
/// <c>vllm/v1/metrics/loggers.py</c> (<c>PrometheusStatLogger</c>, vLLM main as read for this workbook, the V1 engine of
/// the 0.10/0.11 releases). The bounds are fixed in vLLM's source, the same on every replica — which is what lets a
/// dashboard add the replicas' buckets (<see cref="Histograms.Merge"/>).
/// </summary>
public static class VllmMetrics
{
    /// <summary>
    /// <c>vllm:time_to_first_token_seconds</c>: the time from the request's arrival at the engine to its first output token,
    /// seconds — 22 finite bounds from 1 ms to 2 560 s (older V0 releases stopped at 10 s).
    /// </summary>
    public static IReadOnlyList<double> TimeToFirstTokenBucketsSeconds { get; } =
        [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0, 160.0, 640.0, 2560.0];
}
