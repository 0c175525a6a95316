namespace ServingMath.Simulation;

/// <summary>How the router in front of the replicas picks one for each arriving request.</summary>
public enum RouterPolicy
{
    /// <summary>Replicas in turn: request i goes to replica i mod R.</summary>
    RoundRobin,

    /// <summary>Join the shortest queue: the replica with the fewest requests (waiting + running); ties go to the lowest index.</summary>
    JoinShortestQueue,
}

/// <summary>A degraded path that answers requests the replicas time out or reject (a smaller model, a cached answer, an apology).</summary>
/// <param name="Name">The label written to the trace's <c>fallback_path</c>, e.g. <c>"small-model"</c>.</param>
/// <param name="LatencySeconds">Time the fallback takes to answer, seconds, added after the request leaves the primary path. Range: ≥ 0.</param>
public sealed record FallbackRoute(string Name, double LatencySeconds = 0);

/// <summary>
/// An LLM serving deployment for <see cref="Simulator.LlmReplicas"/>: R identical replicas behind a router, each doing
/// continuous batching with KV-cache admission, an optional queue timeout and an optional fallback.
/// </summary>
public sealed record LlmServingConfig
{
    /// <summary>Decode step time by batch size and context; e.g. <c>MeasuredStepTime.FromCsv("data/decode_by_batch.csv")</c> or <see cref="RooflineStepTime.Llama3_8B_H100"/>.</summary>
    public required IStepTimeModel StepTime { get; init; }

    /// <summary>Prefill time by prompt length; e.g. <c>MeasuredPrefillTime.FromCsv("data/prefill_by_prompt.csv")</c>.</summary>
    public required IPrefillTimeModel PrefillTime { get; init; }

    /// <summary>Number of replicas (R). Range: R ≥ 1; default 1.</summary>
    public int Replicas { get; init; } = 1;

    /// <summary>How the router picks a replica; default join-shortest-queue.</summary>
    public RouterPolicy Router { get; init; } = RouterPolicy.JoinShortestQueue;

    /// <summary>Most sequences a replica decodes together (vLLM <c>max_num_seqs</c>). Range: ≥ 1; default 256.</summary>
    public int MaxBatchSize { get; init; } = 256;

    /// <summary>
    /// KV-cache capacity of one replica, tokens; null means unlimited. A request is admitted only if the blocks for its
    /// prompt + output tokens fit in the free blocks; capacity in blocks = ⌊tokens / block size⌋.
    /// E.g. (80 GB − 16 GB weights) / 131 072 B ≈ 450 000 tokens for Llama-3-8B on an H100. Range: ≥ block size.
    /// </summary>
    public long? KvCacheTokens { get; init; }

    /// <summary>Tokens per KV-cache block (paged attention). Range: ≥ 1; default 16, as in vLLM.</summary>
    public int KvBlockTokens { get; init; } = 16;

    /// <summary>A request still waiting (not admitted) after this many seconds leaves as TimedOut; null means wait forever. Range: &gt; 0.</summary>
    public double? QueueTimeoutSeconds { get; init; }

    /// <summary>Most requests waiting at one replica; an arrival that finds the chosen replica's queue full is Rejected. Null means unbounded. Range: ≥ 1.</summary>
    public int? MaxQueueLength { get; init; }

    /// <summary>Where timed-out and rejected requests go instead; null means they simply fail.</summary>
    public FallbackRoute? Fallback { get; init; }

    /// <summary>
    /// Called after every event that changes a replica (admission, prefill done, decode step done, arrival, timeout)
    /// with that replica's state, e.g. to check that KV blocks reserved never exceed capacity. Null for none.
    /// </summary>
    public Action<ReplicaSnapshot>? Observer { get; init; }
}

/// <summary>A replica's state right after an event (passed to <see cref="LlmServingConfig.Observer"/>).</summary>
/// <param name="TimeSeconds">Simulated time, seconds.</param>
/// <param name="Replica">Replica index.</param>
/// <param name="Waiting">Requests waiting in its queue.</param>
/// <param name="Running">Requests in its running (decode) batch, plus the one being prefilled if any.</param>
/// <param name="KvBlocksReserved">KV-cache blocks reserved by admitted requests.</param>
/// <param name="KvBlocksCapacity">KV-cache blocks available; null when unlimited.</param>
public readonly record struct ReplicaSnapshot(double TimeSeconds, int Replica, int Waiting, int Running, long KvBlocksReserved, long? KvBlocksCapacity);

/// <summary>What one replica did over a run.</summary>
/// <param name="Replica">Replica index.</param>
/// <param name="Routed">Requests the router sent to it.</param>
/// <param name="Completed">Requests it served to the last token.</param>
/// <param name="PrefillIterations">Prefills it ran (one per admitted request).</param>
/// <param name="DecodeSteps">Decode steps it ran.</param>
/// <param name="BusySeconds">Time spent in prefill or decode, seconds.</param>
/// <param name="MaxRunning">Largest running batch (including a request being prefilled).</param>
/// <param name="MaxWaiting">Longest queue.</param>
/// <param name="MaxKvBlocksReserved">Most KV blocks reserved at once.</param>
/// <param name="KvBlocksCapacity">KV blocks available; null when unlimited.</param>
public sealed record ReplicaStats(
    int Replica, int Routed, int Completed, long PrefillIterations, long DecodeSteps, double BusySeconds,
    int MaxRunning, int MaxWaiting, long MaxKvBlocksReserved, long? KvBlocksCapacity);

/// <summary>The outcome of <see cref="Simulator.LlmReplicas"/>: one trace line per request, and per-replica statistics.</summary>
/// <param name="Trace">One <see cref="RequestTrace"/> per request, in arrival order.</param>
/// <param name="Replicas">What each replica did.</param>
/// <param name="Events">Events processed (arrivals, prefill and decode completions, timeouts).</param>
/// <param name="SimulatedSeconds">Simulated time of the last event, seconds.</param>
public sealed record LlmSimulationResult(IReadOnlyList<RequestTrace> Trace, IReadOnlyList<ReplicaStats> Replicas, long Events, double SimulatedSeconds);
