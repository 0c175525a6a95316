namespace ServingMath;

/// <summary>
/// An autoscaler for <see cref="ScalingReplay.Run"/>: the Horizontal Pod Autoscaler's rule (<see cref="HorizontalAutoscaler"/>)
/// on one or two metrics (the larger recommendation wins, as the HPA does with several metrics), the fleet's bounds, and
/// how long a new replica takes to serve.
/// </summary>
/// <remarks>
/// The two metrics are the ones a vLLM fleet exports per replica. <b>Load</b>: the share of a replica's capacity in use
/// (min(1, λ / (ready × μ)), 1 while a queue stands) — what <c>vllm:kv_cache_usage_perc</c> and <c>vllm:num_requests_running</c>
/// follow in a batching replica; it cannot exceed 1. <b>Queue</b>: requests waiting per replica
/// (<c>vllm:num_requests_waiting</c>); it is 0 whenever the fleet keeps up. GPU busy time is not offered: a continuously
/// batching replica is busy whenever anyone is running (notebook 7), so it does not tell loads apart.
/// </remarks>
public sealed record ScalingPolicy
{
    /// <summary>Fewest replicas, warm at all times. Range: ≥ 1.</summary>
    public int MinReplicas { get; init; } = 1;

    /// <summary>Most replicas. Range: ≥ <see cref="MinReplicas"/>.</summary>
    public int MaxReplicas { get; init; } = 100;

    /// <summary>Target share of a replica's capacity in use (e.g. 0.7), or null to not scale on load. Range: 0 &lt; target ≤ 1.</summary>
    public double? LoadTarget { get; init; }

    /// <summary>Target requests waiting per replica (e.g. 5), or null to not scale on the queue. Range: &gt; 0.</summary>
    public double? QueueTarget { get; init; }

    /// <summary>Seconds from the decision to a new replica's first request (<see cref="ColdStart.Seconds"/>). Range: ≥ 0.</summary>
    public double ColdStartSeconds { get; init; }

    /// <summary>Seconds between the autoscaler's syncs, also the replay's time step. Range: &gt; 0.</summary>
    public double SyncSeconds { get; init; } = HorizontalAutoscaler.DefaultSyncSeconds;

    /// <summary>The band around a ratio of 1 that leaves the fleet alone. Range: ≥ 0.</summary>
    public double Tolerance { get; init; } = HorizontalAutoscaler.DefaultTolerance;

    /// <summary>The scale-down stabilization window, s. Range: ≥ 0.</summary>
    public double ScaleDownWindowSeconds { get; init; } = HorizontalAutoscaler.DefaultScaleDownWindowSeconds;
}
