using ServingMath.Simulation;

namespace ServingMath.Tests.Simulation;

/// <summary>
/// An independent reference for notebook 11 part (c), whose expected value comes from the simulator: the same pieces —
/// <see cref="Conversations.MultiTurn"/>, vLLM's 16-token blocks, prefix-aware and round-robin routing,
/// <see cref="FleetSizing.TtftPercentileMs"/> — on a workload small enough to count every block by hand.
/// </summary>
public class MultiTurnRoutingTests
{
    // Step cost: 10 ms per step + 1 ms per prompt token computed. Blocks of 16 tokens (vLLM's default, as in notebook 11).
    private static readonly LlmServingConfig Fleet = SchedulerPolicyTests.Config(SchedulerPolicy.VllmV1) with
    {
        StepCost = new LinearStepCost(10, 0, 0, 1),
        KvAllocation = KvAllocation.OnDemand,
        KvCacheTokens = 64 * 16,
        PrefixCaching = true,
        Replicas = 2,
    };

    // Three conversations of two turns: a 40-token system prompt, questions of 20 tokens, answers of 10.
    // Conversations start about 100 s apart (0.01 per second) and a second turn follows 0.5–1.5 s after the first,
    // so no two requests are ever in the engine together (asserted below) and every TTFT is one prefill step.
    private static IReadOnlyList<ArrivalRequest> Chat() =>
        Conversations.MultiTurn(0.01, conversations: 3, turns: 2, seed: 11, systemPromptTokens: 40,
            userTokens: _ => 20, answerTokens: _ => 10, thinkSeconds: 1);

    [Fact]
    public void The_workload_is_three_conversations_whose_turns_never_overlap()
    {
        // Turn 1: X₁ = 40 + 20 = 60 prompt tokens, shared prefix 60 + 10 = 70. Turn 2: X₂ = 70 + 20 = 90, prefix 100.
        var chat = Chat();
        Assert.Equal(["c0-t1", "c0-t2", "c1-t1", "c1-t2", "c2-t1", "c2-t2"], chat.Select(a => a.RequestId));
        Assert.Equal([60, 90, 60, 90, 60, 90], chat.Select(a => a.PromptTokens));
        Assert.Equal([70, 100, 70, 100, 70, 100], chat.Select(a => a.PrefixTokens));
        Assert.All(chat, a => Assert.Equal(10, a.OutputTokens));
        // Each request takes at most one prefill step (≤ 100 ms) and 9 decode steps of 10 ms: under 0.2 s; gaps are larger.
        Assert.All(chat.Zip(chat.Skip(1)), pair => Assert.True(pair.Second.ArrivalSeconds - pair.First.ArrivalSeconds > 0.2));
    }

    [Fact]
    public void Prefix_aware_routing_finds_four_blocks_on_every_second_turn_round_robin_finds_none()
    {
        // Turn 1 finds nothing: the system prompt is shared within a conversation only (its own prefix id).
        // It computes its 60 prompt tokens and 10 − 1 = 9 of its answer (the last answer token is sampled, never fed
        // back): 69 tokens, ⌊69 / 16⌋ = 4 full blocks = 64 tokens, all inside its 70-token prefix, so all named.
        // Turn 2 (90 tokens) may hit at most ⌊(90 − 1) / 16⌋ = 5 blocks; 4 are cached where turn 1 ran: 64 tokens, and it
        // prefills 90 − 64 = 26.
        // Prefix-aware: c0-t1 → replica 0 (both idle and empty, the lowest index); c0-t2 → replica 0 (holds its 4 blocks);
        //   c1-t1 → nobody holds c1, both idle → replica 0; and so on: every request on replica 0, every second turn hits.
        // Round robin: requests 0, 1, 2, … → replicas 0, 1, 0, 1, 0, 1: every second turn lands on the other replica
        //   than its first turn, which holds none of its blocks.
        var aware = Simulator.LlmReplicas(Fleet with { Router = RouterPolicy.PrefixAware }, Chat());
        var roundRobin = Simulator.LlmReplicas(Fleet with { Router = RouterPolicy.RoundRobin }, Chat());

        Assert.Equal([0, 0, 0, 0, 0, 0], aware.Trace.Select(t => t.Replica));
        Assert.Equal([0, 64, 0, 64, 0, 64], aware.Trace.Select(t => t.CachedTokens!.Value));
        Assert.Equal([0, 1, 0, 1, 0, 1], roundRobin.Trace.Select(t => t.Replica));
        Assert.Equal([0, 0, 0, 0, 0, 0], roundRobin.Trace.Select(t => t.CachedTokens!.Value));

        // vLLM's hit rate, hits ÷ prompt tokens looked up: 3 × 64 / (3 × (60 + 90)) = 192 / 450 = 0.42666…
        Assert.Equal(192.0 / 450, aware.PrefixCacheHitRate, 12);
        Assert.Equal(0, roundRobin.PrefixCacheHitRate);

        // TTFT = one prefill step: 10 + prompt tokens computed. Turn 1: 10 + 60 = 70 ms. Turn 2: 10 + 26 = 36 ms with the
        // cache, 10 + 90 = 100 ms without.
        Assert.Equal([70.0, 36, 70, 36, 70, 36], aware.Trace.Select(t => Math.Round(t.TtftMs, 9)));
        Assert.Equal([70.0, 100, 70, 100, 70, 100], roundRobin.Trace.Select(t => Math.Round(t.TtftMs, 9)));
    }

    [Fact]
    public void The_p95_TTFT_part_c_sizes_the_fleet_by_is_the_hand_counted_one()
    {
        // Part (c) takes the p95 of the TTFTs after the first 10 % (here ⌊6 × 0.1⌋ = 0 requests left out), type 7:
        // sorted prefix-aware TTFTs 36 36 36 70 70 70, h = (6 − 1) × 0.95 = 4.75 → 70 + 0.75 × (70 − 70) = 70 ms;
        // round robin 70 70 70 100 100 100 → 100 ms.
        Assert.Equal(70, FleetSizing.TtftPercentileMs(Fleet with { Router = RouterPolicy.PrefixAware }, Chat()), 9);
        Assert.Equal(100, FleetSizing.TtftPercentileMs(Fleet with { Router = RouterPolicy.RoundRobin }, Chat()), 9);

        // A 90 ms target: one replica meets it (every turn on it, hits as above); round robin's two replicas would not.
        Assert.Equal(1, FleetSizing.FewestReplicasForTtft(Fleet with { Router = RouterPolicy.RoundRobin }, Chat(), 90, maxReplicas: 2));
        // A 50 ms target: no fleet meets it, whatever the router — every first turn prefills 60 tokens, 70 ms.
        Assert.Null(FleetSizing.FewestReplicasForTtft(Fleet with { Router = RouterPolicy.PrefixAware }, Chat(), 50, maxReplicas: 4));
    }
}
