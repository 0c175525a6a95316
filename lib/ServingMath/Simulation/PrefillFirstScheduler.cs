using System.Runtime.CompilerServices;

namespace ServingMath.Simulation;

/// <summary>
/// Prefill first, whole prompts, one prompt per prefill step (<see cref="SchedulerPolicy.PrefillFirst"/>): if the head of
/// the waiting queue fits (a free slot under <c>max_num_seqs</c> and its KV blocks), the step prefills that one prompt
/// alone and decoding pauses; otherwise the step decodes one token for every running request. The shape of vLLM V0's
/// default scheduler without chunked prefill (<c>vllm/core/scheduler.py</c>, <c>_schedule_default</c>, v0.6: prefills
/// first, decodes only when no prompt was scheduled) and of Hugging Face TGI's router — except that they may batch
/// several prompts into one prefill step, and this policy never does.
/// </summary>
internal sealed class PrefillFirstScheduler(LlmServingConfig config, RequestTable requests, Random? acceptance) : Scheduler(config, requests, acceptance)
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override int Schedule(double now)
    {
        var j = Head();
        if (j >= 0 && RoomForOneMore)
        {
            var whole = Requests.ToCompute(j);
            if (Kv.AllocateSlots(j, whole, admitting: true))
            {
                Start(j, now);
                Add(Running.Count - 1, whole);
                return 0;
            }
        }

        var preempted = 0;
        ScheduleRunning(int.MaxValue, ref preempted);
        return preempted;
    }
}
