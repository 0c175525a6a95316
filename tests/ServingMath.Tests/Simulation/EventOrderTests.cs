using ServingMath.Simulation;

namespace ServingMath.Tests.Simulation;

/// <summary>Events at one instant run in the order they were scheduled (first in, first out).</summary>
public class EventOrderTests
{
    [Fact]
    public void Everything_that_happens_at_one_instant_is_processed_before_the_next_step_is_planned()
    {
        // One slot. Requests 0–20 arrive at t = 0: request 0 starts a 250 ms prefill, 1–20 wait. At t = 0.25 s the step
        // ends and the 0.25 s timeouts of 1–20 fire at the same instant. vLLM's engine loop handles every input (new
        // requests, aborts) before it plans the next step (vllm/v1/engine/core.py, _process_input_queue), so request 1
        // has already left when the step is planned: all of 1–20 time out. (0.25 is exact in binary.)
        var arrivals = Enumerable.Range(0, 21).Select(_ => new ArrivalRequest(0, 10, 1)).ToArray();
        var config = new LlmServingConfig
        {
            StepCost = new LinearStepCost(250, 0, 0, 0),
            MaxBatchSize = 1,
            QueueTimeoutSeconds = 0.25,
        };
        var trace = Simulator.LlmReplicas(config, arrivals).Trace;
        Assert.Equal(RequestStatus.Ok, trace[0].Status);
        Assert.All(trace.Skip(1), t => Assert.Equal(RequestStatus.TimedOut, t.Status));

        // With 0.26 s to wait, request 1 is admitted at 0.25 s (queue 250 ms); 2–20 time out at 0.26 s.
        var longer = Simulator.LlmReplicas(config with { QueueTimeoutSeconds = 0.26 }, arrivals).Trace;
        Assert.Equal([RequestStatus.Ok, RequestStatus.Ok], longer.Take(2).Select(t => t.Status));
        Assert.Equal(250, longer[1].QueueMs, 9);
        Assert.All(longer.Skip(2), t => Assert.Equal(RequestStatus.TimedOut, t.Status));
    }

    [Fact]
    public void Simultaneous_arrivals_are_served_in_arrival_order()
    {
        // 200 requests at t = 0 to one slot of 10 ms each: request i waits exactly 10·i ms (FIFO), whatever the heap does.
        var arrivals = Enumerable.Range(0, 200).Select(_ => new ArrivalRequest(0, 10, 1)).ToArray();
        var config = new LlmServingConfig { StepCost = new LinearStepCost(10, 0, 0, 0), MaxBatchSize = 1 };
        var trace = Simulator.LlmReplicas(config, arrivals).Trace;
        Assert.All(Enumerable.Range(0, 200), i => Assert.Equal(10.0 * i, trace[i].QueueMs, 9));
    }
}
