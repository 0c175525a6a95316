namespace ServingMath;

/// <summary>p50 / p90 / p99 and mean of one latency, milliseconds, over the requests it applies to.</summary>
/// <param name="P50">Median, milliseconds.</param>
/// <param name="P90">90th percentile, milliseconds.</param>
/// <param name="P99">99th percentile, milliseconds.</param>
/// <param name="Mean">Arithmetic mean, milliseconds.</param>
/// <param name="Count">How many requests the figures are over; 0 means all figures are NaN.</param>
public sealed record LatencyPercentiles(double P50, double P90, double P99, double Mean, int Count);
