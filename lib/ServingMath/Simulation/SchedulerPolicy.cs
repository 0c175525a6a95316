namespace ServingMath.Simulation;

/// <summary>How a replica decides what goes into each forward pass (each "step") of the model.</summary>
/// <remarks>
/// Both policies keep a waiting queue (first come, first served) and a running list (admitted requests, oldest first).
/// What differs is whether prompts and decodes share a step and whether a prompt may be split.
/// </remarks>
public enum SchedulerPolicy
{
    /// <summary>
    /// Prefill first, whole prompts, <b>one prompt per prefill step</b>: if the head of the waiting queue fits
    /// (running below <see cref="LlmServingConfig.MaxBatchSize"/> and its KV blocks free), the step prefills that one
    /// prompt alone and decoding pauses; otherwise the step decodes one token for every running request.
    /// Models vLLM V0 and Hugging Face TGI without chunked prefill (they may batch several prompts into one prefill
    /// step; this policy never does), and the servers that reserve KV for the maximum output length.
    /// Implemented in <c>PrefillFirstScheduler.cs</c>.
    /// </summary>
    PrefillFirst,

    /// <summary>
    /// vLLM V1's scheduler (<c>vllm/v1/core/sched/scheduler.py</c>): one token budget per step
    /// (<see cref="LlmServingConfig.MaxNumBatchedTokens"/>), spent first on the running requests in list order
    /// (a decode takes 1 token, a partially prefilled prompt its next chunk), then on the waiting requests strictly first
    /// come first served — a head that does not fit (budget, <see cref="LlmServingConfig.MaxBatchSize"/>, KV blocks)
    /// blocks everything behind it. A prompt larger than what is left of the budget is split into chunks over several
    /// steps (<see cref="LlmServingConfig.ChunkedPrefill"/>); its first token is sampled at the end of the step that holds
    /// its last chunk. <c>max_num_seqs</c> counts partially prefilled requests. A step that had to preempt admits nobody.
    /// Implemented in <c>VllmV1Scheduler.cs</c>, step for step with <c>Scheduler.schedule()</c> (v0.11).
    /// </summary>
    VllmV1,
}
