using ServingMath.Simulation;

namespace ServingMath.Tests.Simulation;

/// <summary>
/// Prefix caching against cases worked out by hand, with blocks of 4 tokens: a request's block b is found in the cache
/// when its hash — (prefix id, b) for a block wholly inside the shared prefix — was registered and not evicted since.
/// </summary>
public class PrefixCachingTests
{
    private static LlmServingConfig Cached(long kvTokens, LinearStepCost? cost = null) =>
        SchedulerPolicyTests.Config(SchedulerPolicy.VllmV1) with
        {
            StepCost = cost ?? SchedulerPolicyTests.TenMs,
            KvAllocation = KvAllocation.OnDemand,
            KvBlockTokens = 4,
            KvCacheTokens = kvTokens,
            PrefixCaching = true,
        };

    [Fact]
    public void A_shared_system_prompt_is_prefilled_once_and_the_prefill_shrinks_to_the_rest()
    {
        // Step cost 10 ms + 1 ms per prompt token; 8 blocks. A system prompt "sys" of 8 tokens (2 blocks).
        // r0 (t = 0): prompt 10 = 8 sys + 2 own, 2 out. Nothing cached: prefill 10 (20 ms), blocks 0–1 registered as
        //   (sys, 0), (sys, 1); its 3rd block holds 2 tokens, not full. Decode 10 ms: done at 30 ms, blocks freed, still cached.
        // r1 (t = 1 s): same shape. Looks up ⌊(10 − 1) / 4⌋ = 2 blocks: both cached → 8 tokens hit, prefill 2 (12 ms): TTFT 12.
        // r2 (t = 2 s): prompt 8, all of it sys, 1 out. At most ⌊(8 − 1) / 4⌋ = 1 block may hit (the last token is always
        //   computed, for its logits): 4 tokens hit, prefill 4 (14 ms).
        ArrivalRequest[] arrivals =
        [
            new(0, 10, 2, PrefixId: "sys", PrefixTokens: 8),
            new(1, 10, 2, PrefixId: "sys", PrefixTokens: 8),
            new(2, 8, 1, PrefixId: "sys", PrefixTokens: 8),
        ];
        var result = Simulator.LlmReplicas(Cached(32, new LinearStepCost(10, 0, 0, 1)), arrivals);
        Assert.Equal(["0:10", "0:1", "1:2", "1:1", "2:4"], SchedulerPolicyTests.Batches(result));
        Assert.Equal([20.0, 12, 14], result.Trace.Select(t => Math.Round(t.TtftMs, 9)));
        Assert.Equal([0, 8, 4], result.Trace.Select(t => t.CachedTokens!.Value));
        // Queried 10 + 10 + 8 = 28 tokens, hit 0 + 8 + 4 = 12: vLLM's hit rate 12 / 28.
        Assert.Equal(12.0 / 28, result.PrefixCacheHitRate, 12);
        Assert.Equal(12.0 / 28, Tracing.Summarize(result.Trace).PrefixCacheHitRate, 12);
    }

    [Fact]
    public void Freed_cached_blocks_are_evicted_least_recently_used_first()
    {
        // 4 blocks of 4 tokens; flat 10 ms steps; each request: prompt 8 = a whole 2-block prefix, 1 output token, 1 s apart.
        // Free queue (head first): 0 1 2 3.
        // r0 "a": takes 0, 1 → (a,0), (a,1); done, freed last block first → queue 2 3 1 0.
        // r1 "b": takes 2, 3 → (b,0), (b,1); freed → queue 1 0 3 2.
        // r2 "c": takes 1, 0 — evicting a's blocks, the least recently used → (c,0), (c,1); freed → queue 3 2 0 1.
        // r3 "b": may hit ⌊7/4⌋ = 1 block: (b,0) = block 2, taken back from the queue; 1 new block: 3, evicting (b,1)
        //         and registering it again for r3 → 4 tokens cached, prefill 4. Freed → queue 0 1 3 2.
        // r4 "a": evicted at r2 → nothing cached, prefill 8.
        var arrivals = new[] { "a", "b", "c", "b", "a" }.Select((p, i) => new ArrivalRequest(i, 8, 1, PrefixId: p, PrefixTokens: 8)).ToArray();
        var result = Simulator.LlmReplicas(Cached(16), arrivals);
        Assert.Equal([0, 0, 0, 4, 0], result.Trace.Select(t => t.CachedTokens!.Value));
        Assert.Equal(["0:8", "1:8", "2:8", "3:4", "4:8"], SchedulerPolicyTests.Batches(result));
        Assert.Equal(5, result.Replicas[0].PrefixCacheEvictions); // (a,0), (a,1) by r2; (b,1) by r3; (c,0), (c,1) by r4
    }

    [Fact]
    public void Without_prefix_caching_nothing_is_reused_and_the_trace_says_so()
    {
        ArrivalRequest[] arrivals = [new(0, 10, 2, PrefixId: "sys", PrefixTokens: 8), new(1, 10, 2, PrefixId: "sys", PrefixTokens: 8)];
        var result = Simulator.LlmReplicas(Cached(32) with { PrefixCaching = false }, arrivals);
        Assert.Equal(["0:10", "0:1", "1:10", "1:1"], SchedulerPolicyTests.Batches(result));
        Assert.All(result.Trace, t => Assert.Null(t.CachedTokens));
        Assert.Equal(0, result.PrefixCacheHitRate);
    }

    [Fact]
    public void A_conversation_turn_reuses_the_previous_turn_including_its_answer()
    {
        // Turn 1: prompt 6, 6 out, PrefixTokens 12 (its whole prompt + answer, which turn 2 repeats). Its KV holds
        // 6 + 5 = 11 tokens (the 6th output token is sampled, never fed back): block 0 fills with the prompt step and is
        // registered as (chat,0), block 1 fills when the 8th token is computed, (chat,1); block 2 holds 3 tokens, not full.
        // Turn 2 (t = 1 s): prompt 16 = 12 repeated + 4 new, PrefixTokens 12: looks up ⌊15/4⌋ = 3 blocks, finds 2 = 8 tokens,
        // prefills the other 8.
        ArrivalRequest[] arrivals = [new(0, 6, 6, PrefixId: "chat", PrefixTokens: 12), new(1, 16, 1, PrefixId: "chat", PrefixTokens: 12)];
        var result = Simulator.LlmReplicas(Cached(64), arrivals);
        Assert.Equal([0, 8], result.Trace.Select(t => t.CachedTokens!.Value));
        Assert.Equal("1:8", result.Steps[^1].BatchText);
    }

    [Fact]
    public void Prefix_fields_are_refused_when_inconsistent_and_round_trip_through_json_lines()
    {
        var config = Cached(64);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Simulator.LlmReplicas(config, [new(0, 4, 1, PrefixId: "p", PrefixTokens: 9)]));
        Assert.Contains("PrefixTokens", e.Message);
        Assert.Contains("9", e.Message);
        Assert.Contains("PrefixId", Assert.Throws<ArgumentException>(() => Simulator.LlmReplicas(config, [new(0, 4, 1, PrefixTokens: 2)])).Message);
        Assert.Equal("PrefixCaching", Assert.Throws<ArgumentException>(() => Simulator.LlmReplicas(config with { KvAllocation = KvAllocation.ReserveActualLength }, [new(0, 4, 1)])).ParamName);

        var trace = Simulator.LlmReplicas(config, [new(0, 10, 2, PrefixId: "sys", PrefixTokens: 8), new(1, 10, 2, PrefixId: "sys", PrefixTokens: 8)]).Trace;
        var text = new StringWriter();
        Tracing.WriteJsonLines(trace, text);
        Assert.Contains("\"prefix_id\":\"sys\",\"prefix_tokens\":8,\"cached_tokens\":8", text.ToString());
        var read = Tracing.ReadJsonLines(new StringReader(text.ToString()));
        Assert.Equal(trace, read);
        // Replaying the trace carries the prefixes: the same hits again.
        var replay = Simulator.LlmReplicas(config, Arrivals.FromTraces(read));
        Assert.Equal([0, 8], replay.Trace.Select(t => t.CachedTokens!.Value));
    }
}
