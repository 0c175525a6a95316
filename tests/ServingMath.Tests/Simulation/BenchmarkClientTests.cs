using ServingMath.Simulation;

namespace ServingMath.Tests.Simulation;

/// <summary>The load-test client (vllm bench serve's --request-rate and --max-concurrency), on cases worked by hand.</summary>
public class BenchmarkClientTests
{
    // Every step takes 250 ms whatever it holds (exact in binary); vLLM V1's scheduler puts every waiting 10-token prompt in
    // the next step (up to 8 sequences); one output token, so a request is done after one step.
    private static readonly LlmServingConfig QuarterSecondSteps = new()
    {
        StepCost = new LinearStepCost(250, 0, 0, 0),
        Scheduler = SchedulerPolicy.VllmV1,
        MaxBatchSize = 8,
    };

    [Fact]
    public void Two_slots_send_four_requests_in_two_rounds_and_the_wait_for_a_slot_is_not_reported()
    {
        // 4 requests due at 0, 2 slots: 0 and 1 go at 0 and finish at 0.25 s; 2 and 3 go at 0.25 s and finish at 0.5 s.
        // The benchmark clocks each from its send: TTFT 250 ms for all four. The users waited 0, 0, 250, 250 ms more.
        var schedule = Enumerable.Range(0, 4).Select(_ => new ArrivalRequest(0, 10, 1)).ToArray();
        var run = BenchmarkClient.Run(QuarterSecondSteps, schedule, maxConcurrency: 2);
        Assert.Equal([0, 0, 0.25, 0.25], run.Simulation.Trace.Select(t => t.ArrivalSeconds));
        Assert.Equal([250, 250, 250, 250], run.ReportedTtftMs);
        Assert.Equal([0, 0, 250, 250], run.ClientWaitMs);
        Assert.Equal([250, 250, 500, 500], run.TtftFromDueMs);

        // No limit: all four share the first step.
        Assert.Equal([250, 250, 250, 250], BenchmarkClient.Run(QuarterSecondSteps, schedule, maxConcurrency: null).TtftFromDueMs);
    }

    [Fact]
    public void One_slot_queues_requests_due_during_a_slow_response()
    {
        // Due at 0, 0.1, 0.2 s; one slot; 250 ms each. Sent at 0, 0.25, 0.5; client waits 0, 150, 300 ms;
        // from due: 250, 400, 550 ms — while the benchmark reports 250 ms three times.
        var schedule = new[] { new ArrivalRequest(0, 10, 1), new ArrivalRequest(0.1, 10, 1), new ArrivalRequest(0.2, 10, 1) };
        var run = BenchmarkClient.Run(QuarterSecondSteps with { MaxBatchSize = 1 }, schedule, maxConcurrency: 1);
        Assert.Equal([250, 250, 250], run.ReportedTtftMs);
        Assert.Equal(new[] { 0.0, 150, 300 }, run.ClientWaitMs, new ToleranceComparer(1e-9));
        Assert.Equal(new[] { 250.0, 400, 550 }, run.TtftFromDueMs, new ToleranceComparer(1e-9));
    }

    [Fact]
    public void Closed_loop_users_keep_exactly_n_requests_in_flight()
    {
        // request-rate inf, 8 users, 80 requests of one 250 ms step each, batches of up to 8: 10 rounds of 0.25 s, so the run
        // lasts 2.5 s and completes 80 / 2.5 = 32 requests/s = N / 0.25 s (Little's law with L = 8, W = 0.25 s).
        var schedule = BenchmarkClient.AllAtOnce(80, seed: 1, _ => 10, _ => 1);
        var run = BenchmarkClient.Run(QuarterSecondSteps, schedule, maxConcurrency: 8);
        Assert.Equal(2.5, run.Simulation.SimulatedSeconds, 9);
        Assert.Equal(32, run.Throughput, 9);
        Assert.All(run.ReportedTtftMs, t => Assert.Equal(250, t, 9));
        Assert.Equal(2250, run.ClientWaitMs[^1], 9); // the last user's 80th request was due at 0 and sent in round 10
    }

    [Fact]
    public void Without_a_limit_the_client_is_the_open_loop_simulator()
    {
        // The reference: Simulator.LlmReplicas on the same Poisson arrivals, request by request.
        var h100 = new LlmServingConfig { StepCost = RooflineStepCost.Llama3_8B_H100, Scheduler = SchedulerPolicy.VllmV1 };
        var poisson = Arrivals.Poisson(20, 400, seed: 3, promptTokens: 512, outputTokens: 64);
        var open = Simulator.LlmReplicas(h100, poisson).Trace;
        var run = BenchmarkClient.Run(h100, poisson, maxConcurrency: null);
        Assert.Equal(open.Select(t => t.TtftMs), run.ReportedTtftMs);
        Assert.All(run.ClientWaitMs, w => Assert.Equal(0, w));
    }

    [Fact]
    public void A_limit_below_one_is_refused()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => BenchmarkClient.Run(QuarterSecondSteps, [new ArrivalRequest(0, 10, 1)], 0));
        Assert.Equal("maxConcurrency", e.ParamName);
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
