using ServingMath.Simulation;

namespace ServingMath.Tests.Simulation;

/// <summary>Events at one instant run in the order they were scheduled (first in, first out).</summary>
public class EventOrderTests
{
    [Fact]
    public void A_step_that_ends_when_waiting_requests_time_out_runs_first_because_it_was_scheduled_first()
    {
        // One slot. Request 0 starts at t = 0 a 250 ms prefill (scheduled while requests 1–20 had not arrived yet); requests
        // 1–20 arrive at t = 0 and their 0.25 s timeouts are scheduled after it. At t = 0.25 s the step ends first,
        // admits request 1, and only then the timeouts fire: 1 is served, 2–20 time out. (0.25 is exact in binary.)
        var arrivals = Enumerable.Range(0, 21).Select(_ => new ArrivalRequest(0, 10, 1)).ToArray();
        var config = new LlmServingConfig
        {
            StepCost = new LinearStepCost(250, 0, 0, 0),
            MaxBatchSize = 1,
            QueueTimeoutSeconds = 0.25,
        };
        var trace = Simulator.LlmReplicas(config, arrivals).Trace;
        Assert.Equal([RequestStatus.Ok, RequestStatus.Ok], trace.Take(2).Select(t => t.Status));
        Assert.Equal(250, trace[1].QueueMs, 12);
        Assert.All(trace.Skip(2), t => Assert.Equal(RequestStatus.TimedOut, t.Status));
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
