using CsCheck;
using ServingMath.Simulation;

namespace ServingMath.Tests.Simulation;

/// <summary>
/// Little's law L = λW on every simulated trace: L is integrated from the trace's arrival and departure times
/// (a sweep over the number in system), λW from the count and the mean time in system. Over the whole span of a
/// complete trace they must agree to round-off (relative 1e-9); a gap would mean inconsistent times in the trace.
/// In a steady-state window away from the edges they agree statistically (stated tolerance below).
/// </summary>
public class LittlesLawTests
{
    [Fact]
    public void Littles_law_holds_on_every_simulated_queue_trace()
    {
        Gen.Select(Gen.Double[0.1, 0.95], Gen.Int[1, 5], Gen.Int[0, 1_000_000])
            .Sample((rho, servers, seed) =>
            {
                var trace = Simulator.MmcQueue(rho * servers, 1.0, servers, 3000, seed);
                var s = Tracing.Summarize(trace);
                Assert.True(s.LittlesLawRelativeGap < 1e-9, $"L = {s.MeanConcurrency}, λW = {s.LittlesLawProduct}");
            }, iter: 40);
    }

    [Fact]
    public void Littles_law_holds_on_every_simulated_llm_trace_with_timeouts_and_rejections()
    {
        // Every scheduler × KV policy, with overheads and noise: the trace's times must stay consistent.
        Gen.Select(Gen.Double[5, 80], Gen.Int[1, 3], Gen.Int[0, 1_000_000], Gen.Bool, Gen.Enum<SchedulerPolicy>(), Gen.Enum<KvAllocation>())
            .Sample((rate, replicas, seed, roundRobin, scheduler, kv) =>
            {
                var arrivals = Arrivals.Poisson(rate, 1500, seed, r => 16 + r.Next(2000), r => 1 + r.Next(300));
                var config = new LlmServingConfig
                {
                    PrefillTime = new ConstantPrefillTime(25),
                    StepTime = RooflineStepTime.Llama3_8B_H100,
                    Replicas = replicas,
                    Router = roundRobin ? RouterPolicy.RoundRobin : RouterPolicy.JoinShortestQueue,
                    MaxBatchSize = 32,
                    KvCacheTokens = 40_000,
                    QueueTimeoutSeconds = 2,
                    MaxQueueLength = 50,
                    Fallback = new FallbackRoute("fallback", 0.1),
                    Scheduler = scheduler,
                    KvAllocation = kv,
                    MaxOutputTokens = 300,
                    MaxNumBatchedTokens = 512,
                    StepOverheadMs = 1,
                    FinishOverheadMs = 0.5,
                    StepNoiseSigma = 0.3,
                    Seed = seed,
                };
                var s = Tracing.Summarize(Simulator.LlmReplicas(config, arrivals).Trace);
                Assert.Equal(1500, s.Requests);
                Assert.True(s.LittlesLawRelativeGap < 1e-9, $"L = {s.MeanConcurrency}, λW = {s.LittlesLawProduct}");
            }, iter: 25);
    }

    [Fact]
    public void Littles_law_holds_statistically_in_a_steady_state_window()
    {
        // M/M/2 at ρ = 0.8, 200 000 requests; window = the middle 80 % of the run. Theory: L = λ(W_q + 1/μ) = 1.6 × (1.7778 + 1) = 4.444.
        // Window edge effects and sampling noise are below 5 % here (the mean wait alone has ≈ 2 % relative spread).
        var trace = Simulator.MmcQueue(1.6, 1, 2, 200_000, seed: 17);
        var end = trace[^1].ArrivalSeconds;
        var (from, to) = (0.1 * end, 0.9 * end);
        var l = Tracing.MeanConcurrency(trace, from, to);
        var inWindow = trace.Where(t => t.ArrivalSeconds >= from && t.ArrivalSeconds < to).ToArray();
        var lambda = inWindow.Length / (to - from);
        var w = inWindow.Average(t => t.EndToEndMs) / 1000;
        Assert.InRange(l / (lambda * w), 0.95, 1.05);
        Assert.InRange(l / 4.444, 0.95, 1.05);
    }
}
