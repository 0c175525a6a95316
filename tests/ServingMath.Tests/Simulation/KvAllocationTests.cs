using ServingMath.Simulation;

namespace ServingMath.Tests.Simulation;

/// <summary>
/// KV policies against schedules worked out by hand (flat 10 ms steps, "request:tokens" batches). Blocks of 4 tokens
/// keep the arithmetic small: a request holding t tokens needs ⌈t/4⌉ blocks.
/// </summary>
public class KvAllocationTests
{
    private static LlmServingConfig OnDemand(long kvTokens, int budget = 100) =>
        SchedulerPolicyTests.Config(SchedulerPolicy.VllmV1) with
        {
            KvAllocation = KvAllocation.OnDemand,
            KvBlockTokens = 4,
            KvCacheTokens = kvTokens,
            MaxNumBatchedTokens = budget,
        };

    [Fact]
    public void On_demand_blocks_preempt_the_newest_running_request_and_requeue_it_at_the_front()
    {
        // 16 tokens = 4 blocks of 4 tokens, all usable (the same budget under every policy). r0, r1: prompt 4, 6 out; r2: prompt 4, 2 out. All wait at step 1.
        // step 1 (0–10):  r0:4, r1:4, r2:4 (1 block each, 3 in use)                                    → first tokens at 10
        // step 2 (10–20): r0 → 5 tokens needs a 2nd block (4 in use); r1 → 5 tokens needs one, none free:
        //                 preempt the newest, r2 (frees 1); r1 gets it. A step that preempted admits nobody.
        // steps 3–5:      r0, r1 decode within their 2 blocks (6, 7, 8 tokens); r2 (5 tokens to recompute = 2 blocks) does not fit.
        // step 6 (50–60): r0 → 9 tokens needs a 3rd block: preempt the newest, r1 (frees 2), back to the FRONT, before r2.
        //                 r0's 6th token: done at 60, frees 3.
        // step 7 (60–70): r1 recomputes prompt + 5 tokens = 9 (3 blocks); r2's 5 would need 2, 1 is free: FCFS, it waits
        //                 → r1's 6th token, done at 70
        // step 8 (70–80): r2 recomputes its 5 tokens                                                   → r2's 2nd token, done at 80
        ArrivalRequest[] arrivals = [new(0, 4, 6), new(0, 4, 6), new(0, 4, 2)];
        var result = Simulator.LlmReplicas(OnDemand(16), arrivals);
        Assert.Equal(["0:4 1:4 2:4", "0:1 1:1", "0:1 1:1", "0:1 1:1", "0:1 1:1", "0:1", "1:9", "2:5"], SchedulerPolicyTests.Batches(result));
        Assert.Equal([[], [2], [], [], [], [1], [], []], result.Steps.Select(s => s.Preempted.ToArray()));
        Assert.Equal([60.0, 70, 80], result.Trace.Select(t => Math.Round(t.EndToEndMs, 9)));
        Assert.Equal([10.0, 10, 10], result.Trace.Select(t => Math.Round(t.TtftMs, 9))); // a preemption does not move the first token
        Assert.Equal(2, result.Preemptions);
        Assert.Equal([0, 1, 1], result.Trace.Select(t => t.Preemptions)); // each preempted request carries its count
        Assert.Equal(2, Tracing.Summarize(result.Trace).Preemptions);
        var text = new StringWriter();
        Tracing.WriteJsonLines(result.Trace, text);
        Assert.Contains("\"preemptions\":1", text.ToString());
        Assert.Equal(result.Trace, Tracing.ReadJsonLines(new StringReader(text.ToString())));
        Assert.Equal((4L, 4L), (result.Replicas[0].KvBlocksCapacity!.Value, result.Replicas[0].MaxKvBlocksReserved));
        // Step 7 recomputes 4 + 5 prompt-side tokens: the cost model sees them as prefill.
        Assert.Equal((0, 9, 1), (result.Steps[6].Work.DecodeSequences, result.Steps[6].Work.PrefillTokens, result.Steps[6].Work.PrefillRequests));
    }

    [Fact]
    public void Checking_only_the_first_chunk_admits_requests_that_must_then_be_preempted()
    {
        // 12 tokens = 3 blocks; budget 4. r0: prompt 4, 5 out (holds 2 blocks from its 5th token); r1: prompt 8, 1 out.
        // Whole sequence must fit (vLLM's default): r1 needs 2 blocks, only 1 is free until r0 finishes at 50 → r1 runs at 50–70.
        ArrivalRequest[] arrivals = [new(0, 4, 5), new(0, 8, 1)];
        var whole = Simulator.LlmReplicas(OnDemand(12, budget: 4), arrivals);
        Assert.Equal(["0:4", "0:1", "0:1", "0:1", "0:1", "1:4", "1:4"], SchedulerPolicyTests.Batches(whole));
        Assert.Equal(0, whole.Preemptions);

        // First chunk only: r1's 3-token chunk fits the free block at step 2, its next chunk does not — r1 preempts itself
        // (it is the newest), is admitted again at step 4, preempted again at step 5, and finally runs after r0.
        var firstChunk = Simulator.LlmReplicas(OnDemand(12, budget: 4) with { FullSequenceMustFit = false }, arrivals);
        Assert.Equal(["0:4", "0:1 1:3", "0:1", "0:1 1:3", "0:1", "1:4", "1:4"], SchedulerPolicyTests.Batches(firstChunk));
        Assert.Equal(2, firstChunk.Preemptions);
        Assert.Equal(70, firstChunk.Trace[1].TtftMs, 9); // the same first token, two recomputations later
    }

    [Fact]
    public void On_demand_admits_a_request_that_needs_prompt_plus_output_minus_one_tokens_of_kv()
    {
        // 12 tokens = 3 blocks of 4 tokens. Prompt 8, 5 output tokens: 13 tokens
        // in all, but the 5th output token is sampled and never fed back, so the request holds at most 8 + 5 − 1 = 12
        // tokens = 3 blocks (vLLM: allocate_slots for num_computed + num_new tokens, vllm/v1/core/kv_cache_manager.py).
        // step 1 (0–10): 8 prompt tokens (2 blocks) → 1st token.  steps 2–5: decodes at 9, 10, 11, 12 tokens (3 blocks)
        // → 2nd…5th token, done at 50 ms.
        var result = Simulator.LlmReplicas(OnDemand(12), [new(0, 8, 5)]);
        Assert.Equal(RequestStatus.Ok, result.Trace[0].Status);
        Assert.Equal(["0:8", "0:1", "0:1", "0:1", "0:1"], SchedulerPolicyTests.Batches(result));
        Assert.Equal(50, result.Trace[0].EndToEndMs, 9);
        Assert.Equal(3L, result.Replicas[0].MaxKvBlocksReserved);

        // One more output token (14 tokens, 13 held = 4 blocks) can never fit: rejected at arrival.
        Assert.Equal(RequestStatus.Rejected, Simulator.LlmReplicas(OnDemand(12), [new(0, 8, 6)]).Trace[0].Status);
    }

    [Fact]
    public void Reserving_the_maximum_holds_blocks_requests_never_use()
    {
        // 16 tokens = 4 blocks. Prompt 4, 4 output tokens, max_tokens 8: the maximum reserves ⌈12/4⌉ = 3 blocks (one request
        // at a time); the true length ⌈8/4⌉ = 2 (two at a time); on demand they grow to 2 each within 3 usable blocks, so
        // the second runs until it needs its 2nd block.
        var arrivals = Enumerable.Range(0, 4).Select(_ => new ArrivalRequest(0, 4, 4)).ToArray();
        var config = SchedulerPolicyTests.Config(SchedulerPolicy.PrefillFirst) with { KvBlockTokens = 4, KvCacheTokens = 16, MaxOutputTokens = 8 };
        var maximum = Simulator.LlmReplicas(config with { KvAllocation = KvAllocation.ReserveMaximum }, arrivals).Replicas[0];
        var actual = Simulator.LlmReplicas(config with { KvAllocation = KvAllocation.ReserveActualLength }, arrivals).Replicas[0];
        Assert.Equal((1, 3L), (maximum.MaxRunning, maximum.MaxKvBlocksReserved));
        Assert.Equal((2, 4L), (actual.MaxRunning, actual.MaxKvBlocksReserved));
        Assert.Equal(0, maximum.Preemptions + actual.Preemptions);
    }

    [Fact]
    public void Reserve_maximum_needs_max_tokens_and_refuses_longer_answers()
    {
        var config = SchedulerPolicyTests.Config(SchedulerPolicy.PrefillFirst) with { KvAllocation = KvAllocation.ReserveMaximum };
        Assert.Equal("MaxOutputTokens", Assert.Throws<ArgumentException>(() => Simulator.LlmReplicas(config, [new(0, 4, 4)])).ParamName);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Simulator.LlmReplicas(config with { MaxOutputTokens = 100 }, [new(0, 4, 4), new(0, 4, 300)]));
        Assert.Contains("arrivals[1]", e.Message);
        Assert.Contains("300", e.Message);
    }

    [Fact]
    public void On_demand_never_uses_more_blocks_than_the_pool_under_load()
    {
        var arrivals = Arrivals.Poisson(40, 3000, seed: 9, r => 100 + r.Next(1500), r => 10 + r.Next(600));
        var capacity = 0L;
        var config = MeasuredH100.VllmOnDemand(32_000) with
        {
            Observer = s =>
            {
                capacity = s.KvBlocksCapacity!.Value;
                Assert.InRange(s.KvBlocksReserved, 0, 2000); // 32 000 tokens = 2000 blocks of 16
            },
        };
        var result = Simulator.LlmReplicas(config, arrivals);
        Assert.Equal(2000, capacity);
        Assert.True(result.Preemptions > 0, "a 32 000-token cache under this load must preempt");
        Assert.Equal(3000, Tracing.Summarize(result.Trace).Completed); // every preempted request still finishes
    }
}
