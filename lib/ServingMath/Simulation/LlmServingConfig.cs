namespace ServingMath.Simulation;

/// <summary>How the router in front of the replicas picks one for each arriving request.</summary>
public enum RouterPolicy
{
    /// <summary>Replicas in turn: request i goes to replica i mod R.</summary>
    RoundRobin,

    /// <summary>
    /// Least outstanding requests (join the shortest queue): the replica with the fewest requests waiting + running; ties
    /// go to the lowest index. What vLLM's own data-parallel front end does (<c>vllm/v1/engine/core_client.py</c>).
    /// </summary>
    JoinShortestQueue,

    /// <summary>
    /// Prefix-aware: the replica whose KV cache holds the most leading blocks of the request's shared prefix
    /// (<see cref="ArrivalRequest.PrefixId"/>); a tie, or a prefix nobody holds, goes to the fewest outstanding requests.
    /// Needs <see cref="LlmServingConfig.PrefixCaching"/>.
    /// </summary>
    PrefixAware,
}

/// <summary>A degraded path that answers requests the replicas time out or reject (a smaller model, a cached answer, an apology).</summary>
/// <param name="Name">The label written to the trace's <c>fallback_path</c>, e.g. <c>"small-model"</c>.</param>
/// <param name="LatencySeconds">Time the fallback takes to answer, seconds, added after the request leaves the primary path. Range: ≥ 0.</param>
public sealed record FallbackRoute(string Name, double LatencySeconds = 0);

/// <summary>
/// An LLM serving deployment for <see cref="Simulator.LlmReplicas"/>: R identical replicas behind a router, each running
/// a scheduler (<see cref="Scheduler"/>) over a paged KV cache (<see cref="KvAllocation"/>), with a step cost model,
/// host overheads, optional noise, an optional queue timeout and an optional fallback.
/// </summary>
/// <remarks>
/// Each part lives in a file named after the vLLM file it models: <c>LlmEngine</c> (the event loop, <c>engine/core.py</c>),
/// <c>EngineCore</c>, <c>Scheduler</c> / <c>VllmV1Scheduler</c> (<c>core/sched/scheduler.py</c>), <c>KvCacheManager</c>
/// (<c>core/kv_cache_manager.py</c>), <c>BlockPool</c> (<c>core/block_pool.py</c>), <c>KvCacheUtils</c>
/// (<c>core/kv_cache_utils.py</c>), <c>Router</c>, <see cref="Simulation.SpeculativeDecoding"/> (<c>spec_decode/</c>).
/// The defaults reproduce the simulator's original model: prefill-first whole prompts, KV reserved for the true output
/// length, deterministic step times from the tables, no overhead. <c>Scheduler = SchedulerPolicy.VllmV1,
/// KvAllocation = KvAllocation.OnDemand</c> is what vLLM V1 runs by default (chunked prefill, on-demand blocks, preemption).
/// </remarks>
public sealed record LlmServingConfig
{
    /// <summary>
    /// Decode step time by batch size and context; e.g. <c>MeasuredStepTime.FromCsv("data/decode_by_batch.csv")</c> or
    /// <see cref="RooflineStepTime.Llama3_8B_H100"/>. Needed (with <see cref="PrefillTime"/>) unless <see cref="StepCost"/> is set.
    /// </summary>
    public IStepTimeModel? StepTime { get; init; }

    /// <summary>Prefill time by prompt length; e.g. <c>MeasuredPrefillTime.FromCsv("data/prefill_by_prompt.csv")</c>. Needed unless <see cref="StepCost"/> is set.</summary>
    public IPrefillTimeModel? PrefillTime { get; init; }

    /// <summary>
    /// The step cost from what a step holds (decodes, their contexts, prefill tokens), e.g. a <see cref="LinearStepCost"/>
    /// fitted to a step log; null means <see cref="TableStepCost"/> over <see cref="StepTime"/> and <see cref="PrefillTime"/>.
    /// </summary>
    public IStepCostModel? StepCost { get; init; }

    /// <summary>Number of replicas (R). Range: R ≥ 1; default 1.</summary>
    public int Replicas { get; init; } = 1;

    /// <summary>How the router picks a replica; default join-shortest-queue.</summary>
    public RouterPolicy Router { get; init; } = RouterPolicy.JoinShortestQueue;

    /// <summary>What each step holds: prefill-first whole prompts (default) or vLLM V1's token-budget scheduler.</summary>
    public SchedulerPolicy Scheduler { get; init; } = SchedulerPolicy.PrefillFirst;

    /// <summary>How KV blocks are handed out: reserved for the true length (default), reserved for the maximum, or on demand with preemption.</summary>
    public KvAllocation KvAllocation { get; init; } = KvAllocation.ReserveActualLength;

    /// <summary>
    /// Most requests a replica runs at once (vLLM <c>max_num_seqs</c>), counting requests whose prompt is only partly
    /// prefilled. Range: ≥ 1; default 256.
    /// </summary>
    public int MaxBatchSize { get; init; } = 256;

    /// <summary>
    /// Token budget of one step under <see cref="SchedulerPolicy.VllmV1"/> (vLLM <c>max_num_batched_tokens</c>): decodes
    /// take 1 token each, prompt chunks the rest. Smaller budgets cut long prompts into more chunks — shorter steps for
    /// the running decodes (TPOT), later first tokens (TTFT). Range: ≥ 1; default 8192 (vLLM's default for online
    /// serving on large GPUs; 2048 on older releases).
    /// </summary>
    public int MaxNumBatchedTokens { get; init; } = 8192;

    /// <summary>
    /// Under <see cref="SchedulerPolicy.VllmV1"/>, whether a prompt may be split across steps (vLLM V1 default: on).
    /// Off, a waiting head whose whole prompt exceeds what is left of the budget waits for the next step, and every
    /// prompt (plus output, for a recomputation) must fit <see cref="MaxNumBatchedTokens"/>.
    /// </summary>
    public bool ChunkedPrefill { get; init; } = true;

    /// <summary>
    /// Under <see cref="KvAllocation.OnDemand"/>, admit a waiting request only if blocks for its whole current sequence
    /// (prompt + tokens generated before a preemption) are free — vLLM's current default (<c>scheduler_reserve_full_isl</c>).
    /// False: only the blocks of the first chunk must be free (older vLLM V1), which admits more and preempts more.
    /// </summary>
    public bool FullSequenceMustFit { get; init; } = true;

    /// <summary>
    /// KV-cache capacity of one replica, tokens; null means unlimited. Usable blocks = ⌊tokens / block size⌋, the same
    /// under every <see cref="KvAllocation"/> (vLLM's <c>num_gpu_blocks</c> is one more: it keeps block 0 as a null block,
    /// so a vLLM server that logs N GPU blocks has (N − 1) × 16 usable tokens).
    /// E.g. (80 GB − 16 GB weights) / 131 072 B ≈ 450 000 tokens for Llama-3-8B on an H100. Range: ≥ block size.
    /// </summary>
    public long? KvCacheTokens { get; init; }

    /// <summary>Tokens per KV-cache block (paged attention). Range: ≥ 1; default 16, as in vLLM.</summary>
    public int KvBlockTokens { get; init; } = 16;

    /// <summary>
    /// The <c>max_tokens</c> every request asks for: what <see cref="KvAllocation.ReserveMaximum"/> reserves beyond the
    /// prompt (unless <see cref="MaxModelLen"/> is set). A request that wants more output tokens is refused with an error. Range: ≥ 1.
    /// </summary>
    public int? MaxOutputTokens { get; init; }

    /// <summary>
    /// The model's context length (vLLM <c>max_model_len</c>), tokens: a request whose prompt + output exceeds it is
    /// Rejected at arrival (vLLM answers such a request with an error), and <see cref="KvAllocation.ReserveMaximum"/>
    /// reserves ⌈MaxModelLen / block⌉ blocks for every request, whatever its length — what a server that pre-allocates
    /// a full context per slot does. Null: no limit. Range: ≥ 1.
    /// </summary>
    public int? MaxModelLen { get; init; }

    /// <summary>
    /// vLLM's automatic prefix caching (<c>enable_prefix_caching</c>, on by default in V1): full blocks are cached by
    /// the hash of their prefix, a new request reuses the cached blocks of its longest cached prefix (its prefill shrinks to
    /// the rest), and freed blocks stay cached until evicted, least recently used first. Requests say what they share
    /// through <see cref="ArrivalRequest.PrefixId"/> and <see cref="ArrivalRequest.PrefixTokens"/>. Needs
    /// <see cref="SchedulerPolicy.VllmV1"/>, <see cref="KvAllocation.OnDemand"/> and a finite <see cref="KvCacheTokens"/>. Default off.
    /// </summary>
    public bool PrefixCaching { get; init; }

    /// <summary>Speculative decoding on every replica (k draft tokens per step, acceptance α); null (default) for none.</summary>
    public SpeculativeDecoding? SpeculativeDecoding { get; init; }

    /// <summary>Host time added to every step (scheduling, sampling, detokenizing, Python), milliseconds. Range: ≥ 0; default 0.</summary>
    public double StepOverheadMs { get; init; }

    /// <summary>Host time added to a step for each request that finishes in it (freeing, sending the response), milliseconds. Range: ≥ 0; default 0.</summary>
    public double FinishOverheadMs { get; init; }

    /// <summary>
    /// σ of the multiplicative lognormal noise on each step's model time: time × exp(σZ − σ²/2), Z standard normal, so the
    /// factor has mean 1 and coefficient of variation √(exp(σ²) − 1). 0 (default) gives deterministic steps. Range: 0 ≤ σ ≤ 3.
    /// </summary>
    public double StepNoiseSigma { get; init; }

    /// <summary>Seed of the step noise; the same seed gives the same run.</summary>
    public int Seed { get; init; }

    /// <summary>Keep every step in <see cref="LlmSimulationResult.Steps"/> (for fitting a step model, or plots). Default off.</summary>
    public bool RecordSteps { get; init; }

    /// <summary>A request still waiting (never admitted) after this many seconds leaves as TimedOut; null means wait forever. Preempted requests do not time out. Range: &gt; 0.</summary>
    public double? QueueTimeoutSeconds { get; init; }

    /// <summary>Most requests waiting at one replica; an arrival that finds the chosen replica's queue full is Rejected. Null means unbounded. Range: ≥ 1.</summary>
    public int? MaxQueueLength { get; init; }

    /// <summary>Where timed-out and rejected requests go instead; null means they simply fail.</summary>
    public FallbackRoute? Fallback { get; init; }

    /// <summary>
    /// Called after every event that changes a replica (step started or done, arrival, timeout) with that replica's
    /// state, e.g. to check that KV blocks in use never exceed capacity. Null for none.
    /// </summary>
    public Action<ReplicaSnapshot>? Observer { get; init; }
}

/// <summary>A replica's state right after an event (passed to <see cref="LlmServingConfig.Observer"/>).</summary>
/// <param name="TimeSeconds">Simulated time, seconds.</param>
/// <param name="Replica">Replica index.</param>
/// <param name="Waiting">Requests waiting in its queue.</param>
/// <param name="Running">Requests it runs (admitted, not finished, not preempted), including prompts being prefilled.</param>
/// <param name="KvBlocksReserved">KV-cache blocks held by running requests.</param>
/// <param name="KvBlocksCapacity">KV-cache blocks requests may use; null when unlimited.</param>
public readonly record struct ReplicaSnapshot(double TimeSeconds, int Replica, int Waiting, int Running, long KvBlocksReserved, long? KvBlocksCapacity);

/// <summary>What one replica did over a run.</summary>
/// <param name="Replica">Replica index.</param>
/// <param name="Routed">Requests the router sent to it.</param>
/// <param name="Completed">Requests it served to the last token.</param>
/// <param name="PrefillIterations">Steps that held prompt tokens (prefill-first: one per admitted request).</param>
/// <param name="DecodeSteps">Steps that held decodes (a mixed chunked-prefill step counts in both).</param>
/// <param name="BusySeconds">Time spent in steps, seconds.</param>
/// <param name="MaxRunning">Most requests running at once (including prompts being prefilled).</param>
/// <param name="MaxWaiting">Longest queue.</param>
/// <param name="MaxKvBlocksReserved">Most KV blocks reserved at once.</param>
/// <param name="KvBlocksCapacity">KV blocks requests may use; null when unlimited.</param>
/// <param name="Preemptions">Requests it preempted (on-demand KV ran out); a request preempted twice counts twice.</param>
public sealed record ReplicaStats(
    int Replica, int Routed, int Completed, long PrefillIterations, long DecodeSteps, double BusySeconds,
    int MaxRunning, int MaxWaiting, long MaxKvBlocksReserved, long? KvBlocksCapacity, long Preemptions = 0)
{
    /// <summary>Tokens looked up in the prefix cache when requests were admitted (their whole sequence; again after a preemption). 0 without prefix caching.</summary>
    public long PrefixCacheQueriedTokens { get; init; }

    /// <summary>Of those, tokens found cached (their prefill was skipped).</summary>
    public long PrefixCacheHitTokens { get; init; }

    /// <summary>Cached blocks evicted to make room for new tokens.</summary>
    public long PrefixCacheEvictions { get; init; }

    /// <summary>Hit rate of the prefix cache, as vLLM's <c>vllm:prefix_cache_hits / vllm:prefix_cache_queries</c>: hit tokens / queried tokens; 0 when nothing was queried.</summary>
    public double PrefixCacheHitRate => PrefixCacheQueriedTokens == 0 ? 0 : (double)PrefixCacheHitTokens / PrefixCacheQueriedTokens;
}

/// <summary>The outcome of <see cref="Simulator.LlmReplicas"/>: one trace line per request, and per-replica statistics.</summary>
/// <param name="Trace">One <see cref="RequestTrace"/> per request, in arrival order.</param>
/// <param name="Replicas">What each replica did.</param>
/// <param name="Events">Events processed (arrivals, step completions, timeouts).</param>
/// <param name="SimulatedSeconds">Simulated time of the last event, seconds.</param>
/// <param name="Steps">Every step of every replica in start order when <see cref="LlmServingConfig.RecordSteps"/> is on; empty otherwise.</param>
public sealed record LlmSimulationResult(
    IReadOnlyList<RequestTrace> Trace, IReadOnlyList<ReplicaStats> Replicas, long Events, double SimulatedSeconds, IReadOnlyList<StepRecord> Steps)
{
    /// <summary>Preemptions over all replicas.</summary>
    public long Preemptions => Replicas.Sum(r => r.Preemptions);

    /// <summary>Prefix-cache hit rate over all replicas: Σ hit tokens / Σ queried tokens (0 without prefix caching).</summary>
    public double PrefixCacheHitRate
    {
        get
        {
            var queried = Replicas.Sum(r => r.PrefixCacheQueriedTokens);
            return queried == 0 ? 0 : (double)Replicas.Sum(r => r.PrefixCacheHitTokens) / queried;
        }
    }
}
