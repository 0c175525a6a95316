using System.Runtime.CompilerServices;

namespace ServingMath.Simulation;

/// <summary>
/// vLLM V1's scheduling policy (<see cref="SchedulerPolicy.VllmV1"/>), following <c>Scheduler.schedule()</c> in
/// <c>vllm/v1/core/sched/scheduler.py</c> (v0.11) with the FCFS policy: one token budget per step
/// (<c>max_num_batched_tokens</c>) goes first to the running requests in list order — a decode takes 1 token (1 + k
/// under speculative decoding), a partly prefilled prompt its next chunk — preempting the newest running request when
/// KV blocks run out; then, if nobody was preempted, to the waiting queue strictly first come first served: the head's
/// longest cached prefix is looked up (<c>get_computed_blocks</c>), its remaining tokens are cut to what is left of the
/// budget (chunked prefill), and its blocks are allocated (<c>allocate_slots</c>); a head that does not fit (budget,
/// <c>max_num_seqs</c>, KV blocks) blocks everything behind it.
/// </summary>
/// <remarks>
/// Left out of vLLM's <c>schedule()</c>: priorities (the <c>priority</c> policy), LoRA limits, encoder inputs,
/// structured-output bookkeeping, KV connectors, async scheduling (planning the next step while the current one runs)
/// and <c>long_prefill_token_threshold</c> (off by default).
/// </remarks>
internal sealed class VllmV1Scheduler(LlmServingConfig config, RequestTable requests, Random? acceptance) : Scheduler(config, requests, acceptance)
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override int Schedule(double now)
    {
        var preempted = 0;
        var budget = ScheduleRunning(Config.MaxNumBatchedTokens, ref preempted);
        if (preempted > 0)
        {
            return preempted; // vLLM: no new requests in a step that had to preempt
        }

        while (budget > 0 && RoomForOneMore)
        {
            var j = Head();
            if (j < 0)
            {
                break;
            }

            var cached = Kv.GetComputedTokens(j);
            var need = Requests.ToCompute(j) - cached;
            if (!Config.ChunkedPrefill && need > budget)
            {
                break;
            }

            var chunk = Math.Min(need, budget);
            if (!Kv.AllocateSlots(j, chunk, admitting: true))
            {
                break; // strict FCFS: the head blocks those behind it
            }

            if (cached > 0)
            {
                Requests.Computed[j] = cached;
            }

            if (!Requests.Started[j])
            {
                Requests.CachedTokens[j] = cached;
            }

            Start(j, now);
            Add(Running.Count - 1, chunk);
            budget -= chunk;
        }

        return 0;
    }
}
