using ServingMath.Simulation;

namespace ServingMath.Tests.Simulation;

/// <summary>The fleet search on a case worked out by hand.</summary>
public class FleetSizingTests
{
    [Fact]
    public void Ten_requests_at_once_on_one_slot_replicas_need_as_many_replicas_as_the_slowest_may_queue()
    {
        // 10 requests at t = 0, one output token each, 20 ms prefill, one request at a time per replica, least-loaded
        // routing: with r replicas a replica serves ⌈10/r⌉ requests one after another, so the slowest TTFT (p100, no
        // warm-up) is 20 × ⌈10/r⌉ ms. ≤ 50 ms needs ⌈10/r⌉ ≤ 2: r = 5. ≤ 20 ms needs r = 10. 19 ms: no fleet.
        var arrivals = Enumerable.Range(0, 10).Select(_ => new ArrivalRequest(0, 64, 1)).ToList();
        var config = new LlmServingConfig
        {
            PrefillTime = new ConstantPrefillTime(20),
            StepTime = new ConstantStepTime(10),
            MaxBatchSize = 1,
        };
        Assert.Equal(5, FleetSizing.FewestReplicasForTtft(config, arrivals, 50, percentile: 1, maxReplicas: 10, warmupFraction: 0));
        Assert.Equal(10, FleetSizing.FewestReplicasForTtft(config, arrivals, 20, percentile: 1, maxReplicas: 10, warmupFraction: 0));
        Assert.Null(FleetSizing.FewestReplicasForTtft(config, arrivals, 19, percentile: 1, maxReplicas: 10, warmupFraction: 0));
        // 3 replicas: ⌈10/3⌉ = 4 in a row, the last waits 60 ms and prefills 20.
        Assert.Equal(80, FleetSizing.TtftPercentileMs(config with { Replicas = 3 }, arrivals, percentile: 1, warmupFraction: 0), 9);
    }

    [Fact]
    public void Bad_input_names_the_parameter()
    {
        var config = new LlmServingConfig { PrefillTime = new ConstantPrefillTime(20), StepTime = new ConstantStepTime(10) };
        ArrivalRequest[] one = [new(0, 64, 1)];
        ArgumentAssert.Bad("ttftTargetMs", () => FleetSizing.FewestReplicasForTtft(config, one, 0));
        ArgumentAssert.Bad("maxReplicas", () => FleetSizing.FewestReplicasForTtft(config, one, 10, maxReplicas: 0));
        ArgumentAssert.Bad("warmupFraction", () => FleetSizing.FewestReplicasForTtft(config, one, 10, warmupFraction: 1));
    }
}
