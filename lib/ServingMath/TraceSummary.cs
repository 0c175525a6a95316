namespace ServingMath;

/// <summary>What a trace says: latency percentiles, throughput, Little's law, and where the slowest requests' time went.</summary>
/// <param name="Requests">All requests in the trace.</param>
/// <param name="Completed">Requests with status Ok.</param>
/// <param name="TimedOut">Requests with status TimedOut.</param>
/// <param name="Rejected">Requests with status Rejected.</param>
/// <param name="ServedByFallback">Requests with a non-null fallback path.</param>
/// <param name="TtftMs">TTFT percentiles over Ok requests, milliseconds.</param>
/// <param name="TpotMs">TPOT percentiles over Ok requests with at least two output tokens, milliseconds.</param>
/// <param name="EndToEndMs">e2e percentiles over Ok requests, milliseconds.</param>
/// <param name="QueueMs">Queue-wait percentiles over Ok requests (vLLM's request_queue_time), milliseconds.</param>
/// <param name="SpanSeconds">First arrival to last departure, seconds.</param>
/// <param name="RequestsPerSecond">Completed (Ok) requests / span, requests per second.</param>
/// <param name="OutputTokensPerSecond">Output tokens of Ok requests / span, tokens per second.</param>
/// <param name="ArrivalRate">λ = all requests / span, requests per second.</param>
/// <param name="MeanTimeInSystemSeconds">W = mean e2e over all requests (whatever their status), seconds.</param>
/// <param name="MeanConcurrency">L = (1/span) ∫ N(t) dt, the time-average number in the system, integrated over the trace.</param>
/// <param name="Slowest">Where the time of the slowest Ok requests went.</param>
/// <param name="Preemptions">Preemptions over all requests (a request preempted twice counts twice); 0 for traces that do not record them.</param>
/// <param name="PrefixCacheHitRate">
/// Prompt tokens found in the prefix cache / prompt tokens, over Ok requests that record <c>cached_tokens</c> (vLLM's
/// <c>num_cached_tokens</c>, the tokens its first admission did not have to prefill); 0 for traces that do not record them.
/// </param>
public sealed record TraceSummary(
    int Requests,
    int Completed,
    int TimedOut,
    int Rejected,
    int ServedByFallback,
    LatencyPercentiles TtftMs,
    LatencyPercentiles TpotMs,
    LatencyPercentiles EndToEndMs,
    LatencyPercentiles QueueMs,
    double SpanSeconds,
    double RequestsPerSecond,
    double OutputTokensPerSecond,
    double ArrivalRate,
    double MeanTimeInSystemSeconds,
    double MeanConcurrency,
    TimeShares Slowest,
    long Preemptions = 0,
    double PrefixCacheHitRate = 0)
{
    /// <summary>Little's law's right-hand side λ·W (requests), to compare with <see cref="MeanConcurrency"/> L.</summary>
    public double LittlesLawProduct => ArrivalRate * MeanTimeInSystemSeconds;

    /// <summary>|L − λW| / λW: 0 up to round-off on a complete, consistent trace.</summary>
    public double LittlesLawRelativeGap =>
        LittlesLawProduct == 0 ? Math.Abs(MeanConcurrency) : Math.Abs(MeanConcurrency - LittlesLawProduct) / LittlesLawProduct;
}
