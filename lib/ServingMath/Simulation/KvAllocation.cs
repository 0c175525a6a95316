namespace ServingMath.Simulation;

/// <summary>How a replica hands out its KV-cache blocks (<see cref="LlmServingConfig.KvBlockTokens"/> tokens each).</summary>
public enum KvAllocation
{
    /// <summary>
    /// Reserve ⌈(prompt + true output) / block⌉ blocks at admission and keep them until the request finishes. No server
    /// can do this (it needs the output length before generating it): an optimistic bound, and this simulator's original
    /// behaviour. Never preempts.
    /// </summary>
    ReserveActualLength,

    /// <summary>
    /// Reserve ⌈(prompt + <see cref="LlmServingConfig.MaxOutputTokens"/>) / block⌉ blocks at admission — the request's
    /// <c>max_tokens</c>, the most it may generate — or, when <see cref="LlmServingConfig.MaxModelLen"/> is set,
    /// ⌈max_model_len / block⌉ for every request (a full context per slot), as static-batching servers and early
    /// continuous-batching servers effectively do. Never preempts; wastes what requests do not use.
    /// </summary>
    ReserveMaximum,

    /// <summary>
    /// vLLM's paged allocation (<c>vllm/v1/core/kv_cache_manager.py</c>): a request holds ⌈(computed + new tokens) / block⌉
    /// blocks and grows one block at a time as it runs — at most ⌈(prompt + output − 1) / block⌉, since the last sampled
    /// token is never fed back. When a
    /// running request cannot get its next block, the newest running request is preempted by recomputation: its blocks
    /// are freed, its progress reset (it will prefill prompt + tokens generated so far again) and it goes back to the
    /// <b>front</b> of the waiting queue. Admission of a waiting request checks its whole current sequence
    /// (<see cref="LlmServingConfig.FullSequenceMustFit"/>) or only its first chunk.
    /// </summary>
    OnDemand,
}
