using ServingMath.Simulation;

namespace ServingMath.Tests.Simulation;

/// <summary>The router's choices on small cases worked out by hand, and round robin against Lindley's recursion per replica.</summary>
public class RoutingTests
{
    [Fact]
    public void Prefix_aware_routing_sends_a_request_where_its_prefix_is_cached()
    {
        // Two replicas, prefix caching, flat 10 ms steps; prefixes of 8 tokens (2 blocks of 4), prompts of 10, 1 output token.
        // t = 0: r0 "a", r1 "b". Nobody holds either: r0 → the least loaded, replica 0 (tie → lowest index); r1 → replica 1
        //        (replica 0 has r0 outstanding).
        // t = 1: r2 "b", r3 "a", both replicas idle. Prefix-aware: r2 → replica 1 (holds b's 2 blocks), r3 → replica 0;
        //        each finds 8 tokens cached. Least outstanding: r2 → replica 0 (tie), r3 → replica 1: nothing cached.
        ArrivalRequest[] arrivals =
        [
            new(0, 10, 1, PrefixId: "a", PrefixTokens: 8), new(0, 10, 1, PrefixId: "b", PrefixTokens: 8),
            new(1, 10, 1, PrefixId: "b", PrefixTokens: 8), new(1, 10, 1, PrefixId: "a", PrefixTokens: 8),
        ];
        var config = SchedulerPolicyTests.Config(SchedulerPolicy.VllmV1) with
        {
            Replicas = 2,
            KvAllocation = KvAllocation.OnDemand,
            KvBlockTokens = 4,
            KvCacheTokens = 64,
            PrefixCaching = true,
        };
        var aware = Simulator.LlmReplicas(config with { Router = RouterPolicy.PrefixAware }, arrivals).Trace;
        var least = Simulator.LlmReplicas(config with { Router = RouterPolicy.JoinShortestQueue }, arrivals).Trace;
        Assert.Equal([0, 1, 1, 0], aware.Select(t => t.Replica));
        Assert.Equal([0, 0, 8, 8], aware.Select(t => t.CachedTokens!.Value));
        Assert.Equal([0, 1, 0, 1], least.Select(t => t.Replica));
        Assert.Equal([0, 0, 0, 0], least.Select(t => t.CachedTokens!.Value));
    }

    [Fact]
    public void Round_robin_gives_each_replica_every_rth_request_a_single_server_queue_each()
    {
        // 3 replicas of one slot; service = one 20 ms prefill + 4 decode steps × 10 ms = 60 ms; λ = 30/s, so each replica
        // gets λ/3 = 10/s (ρ = 0.6). Reference: Lindley's recursion over arrivals r, r + 3, r + 6, … of each replica r.
        var arrivals = Arrivals.Poisson(30, 30_000, seed: 8, promptTokens: 256, outputTokens: 5);
        var config = new LlmServingConfig
        {
            PrefillTime = new ConstantPrefillTime(20),
            StepTime = new ConstantStepTime(10),
            Replicas = 3,
            MaxBatchSize = 1,
            Router = RouterPolicy.RoundRobin,
        };
        var trace = Simulator.LlmReplicas(config, arrivals).Trace;
        for (var r = 0; r < 3; r++)
        {
            var wait = 0.0;
            for (var i = r; i < arrivals.Count; i += 3)
            {
                if (i >= 3)
                {
                    wait = Math.Max(0, wait + 0.060 - (arrivals[i].ArrivalSeconds - arrivals[i - 3].ArrivalSeconds));
                }

                Assert.Equal(r, trace[i].Replica);
                Assert.Equal(wait * 1000, trace[i].QueueMs, 1e-6);
            }
        }
    }

    [Fact]
    public void Prefix_aware_routing_needs_prefix_caching()
    {
        var config = SchedulerPolicyTests.Config(SchedulerPolicy.VllmV1) with { Router = RouterPolicy.PrefixAware };
        Assert.Equal("Router", Assert.Throws<ArgumentException>(() => Simulator.LlmReplicas(config, [new(0, 4, 1)])).ParamName);
    }
}
