using ServingMath.Simulation;

namespace ServingMath.Tests.Simulation;

/// <summary>Step cost models, host overheads, the step noise and fitting a linear model to a step log.</summary>
public class StepCostTests
{
    private static readonly MeasuredStepTime Decode = MeasuredH100.Decode;
    private static readonly MeasuredPrefillTime Prefill = MeasuredH100.Prefill;

    [Fact]
    public void Table_cost_charges_a_decode_step_at_the_mean_context_plus_a_prefill()
    {
        var table = new TableStepCost(Decode, Prefill);
        // 8 decodes at contexts 400 and 624 (mean 512): the measured batch-8 step at 512, 7.5051 ms; 2048 prompt tokens: 56.716 ms.
        Assert.Equal(7.5051 + 56.716, table.StepMs(new StepWork(8, (4 * 400) + (4 * 624), 2048, 1)), 12);
        Assert.Equal(7.5051, table.StepMs(new StepWork(8, 8 * 512, 0, 0)), 12);
        Assert.Equal(56.716, table.StepMs(new StepWork(0, 0, 2048, 1)), 12);
    }

    [Fact]
    public void Linear_cost_is_a_plus_b_batch_plus_c_context_plus_d_prefill()
    {
        var model = new LinearStepCost(5, 0.5, 0.001, 0.02);
        Assert.Equal(5 + (0.5 * 10) + (0.001 * 20_000) + (0.02 * 300), model.StepMs(new StepWork(10, 20_000, 300, 2)), 12);
        // The H100 preset: c is the KV read of one token, 131 072 B at 3.021 TB/s; d the measured prefill slope.
        Assert.Equal(131_072 / 3.021e9, LinearStepCost.Llama3_8B_H100.PerContextTokenMs, 15);
        Assert.Equal((113.879 - 56.716) / 2048, LinearStepCost.Llama3_8B_H100.PerPrefillTokenMs, 15);
    }

    [Fact]
    public void Roofline_cost_reproduces_its_calibration_points_and_hides_small_chunks_under_the_weight_read()
    {
        var h100 = RooflineStepCost.Llama3_8B_H100;
        var model = KvCache.Llama3_8B;
        // Calibrated on the measured batch-1 decode at context 512 …
        Assert.Equal(7.2576, h100.StepMs(new StepWork(1, 512, 0, 0)), 9);
        // … and on the measured prefill slope: 2048 more prompt tokens cost 113.879 − 56.716 ms (compute-bound).
        Assert.Equal(113.879 - 56.716, h100.StepMs(new StepWork(0, 0, 4096, 1)) - h100.StepMs(new StepWork(0, 0, 2048, 1)), 9);

        // 16 decodes at context 512 plus a 64-token chunk: memory (W + 8192·k)/B ≈ 5.67 ms beats compute
        // 2N·80/P = 80 × 0.02791 ≈ 2.23 ms, so the chunk rides along for free; with a 512-token chunk compute
        // (528 × 0.02791 ≈ 14.74 ms) sets the time.
        var memoryMs = (model.WeightBytes + (8192.0 * model.KvBytesPerToken)) / 3.021e12 * 1000;
        var perTokenMs = (113.879 - 56.716) / 2048;
        var overheadMs = 7.2576 - ((model.WeightBytes + (512.0 * model.KvBytesPerToken)) / 3.021e12 * 1000);
        Assert.Equal(overheadMs + memoryMs, h100.StepMs(new StepWork(16, 8192, 64, 1)), 9);
        Assert.Equal(h100.StepMs(new StepWork(16, 8192, 0, 0)), h100.StepMs(new StepWork(16, 8192, 64, 1)), 12);
        Assert.Equal(overheadMs + (528 * perTokenMs), h100.StepMs(new StepWork(16, 8192, 512, 1)), 9);
        Assert.InRange(overheadMs, 1.9, 1.95);
    }

    [Fact]
    public void Step_and_finish_overheads_are_added_to_the_steps_that_carry_them()
    {
        // The vLLM V1 schedule of SchedulerPolicyTests (3 steps of 10 ms; all 3 requests finish in step 3), plus 2 ms per
        // step and 5 ms per finished request: steps of 12, 12 and 10 + 2 + 3 × 5 = 27 ms, ending at 12, 24, 51.
        ArrivalRequest[] arrivals = [new(0, 5, 3), new(0, 6, 2), new(0, 4, 2)];
        var config = SchedulerPolicyTests.Config(SchedulerPolicy.VllmV1) with { MaxNumBatchedTokens = 8, StepOverheadMs = 2, FinishOverheadMs = 5 };
        var result = Simulator.LlmReplicas(config, arrivals);
        Assert.Equal([12.0, 12, 27], result.Steps.Select(s => Math.Round(s.DurationMs, 9)));
        Assert.Equal([12.0, 24, 24], result.Trace.Select(t => Math.Round(t.TtftMs, 9)));
        Assert.Equal([51.0, 51, 51], result.Trace.Select(t => Math.Round(t.EndToEndMs, 9)));
        Assert.Equal(0.051, result.Replicas[0].BusySeconds, 12);
    }

    [Fact]
    public void Lognormal_noise_has_mean_one_and_the_stated_spread()
    {
        // σ = 0.5: the factor exp(σZ − σ²/2) has mean 1 and variance exp(σ²) − 1 = 0.2840, so over n = 20 000 steps the
        // sample mean has standard error √(0.2840 / 20 000) = 0.00377; allow 5 standard errors (0.019). Its median is
        // exp(−σ²/2) = 0.8825; the sample median's standard error is ≈ 1.2533·σ·median/√n = 0.0039; allow 0.02.
        var arrivals = Enumerable.Range(0, 20_000).Select(i => new ArrivalRequest(i, 10, 1)).ToArray(); // one prefill step each, 1 s apart
        var config = SchedulerPolicyTests.Config(SchedulerPolicy.PrefillFirst) with { StepNoiseSigma = 0.5, Seed = 42 };
        var factors = Simulator.LlmReplicas(config, arrivals).Steps.Select(s => s.DurationMs / 10).ToArray();
        Assert.Equal(20_000, factors.Length);
        Assert.Equal(1, factors.Average(), 0.019);
        Assert.Equal(Math.Exp(-0.125), MathNet.Numerics.Statistics.Statistics.Median(factors), 0.02);
        var variance = MathNet.Numerics.Statistics.Statistics.Variance(factors);
        Assert.InRange(variance, (Math.Exp(0.25) - 1) * 0.85, (Math.Exp(0.25) - 1) * 1.15); // the variance's sampling error is larger (heavy tail)

        // Seeded: the same seed gives the same run, another seed another.
        Assert.Equal(factors, Simulator.LlmReplicas(config, arrivals).Steps.Select(s => s.DurationMs / 10));
        Assert.NotEqual(factors, Simulator.LlmReplicas(config with { Seed = 43 }, arrivals).Steps.Select(s => s.DurationMs / 10));
    }

    [Fact]
    public void Noise_widens_the_latency_tail_but_keeps_the_mean()
    {
        var arrivals = Arrivals.Poisson(10, 3000, seed: 2, promptTokens: 512, outputTokens: 100);
        var config = new LlmServingConfig { StepCost = LinearStepCost.Llama3_8B_H100, Scheduler = SchedulerPolicy.VllmV1 };
        var exact = Tracing.Summarize(Simulator.LlmReplicas(config, arrivals).Trace);
        var noisy = Tracing.Summarize(Simulator.LlmReplicas(config with { StepNoiseSigma = 0.3, Seed = 1 }, arrivals).Trace);
        Assert.True(noisy.TtftMs.P99 > exact.TtftMs.P99, $"p99 TTFT {noisy.TtftMs.P99:F1} vs {exact.TtftMs.P99:F1} ms");
        Assert.Equal(1, noisy.TpotMs.Mean / exact.TpotMs.Mean, 0.1);
    }

    [Fact]
    public void Fitting_a_step_log_recovers_the_model_that_produced_it()
    {
        // A noiseless run under a known linear model: the least-squares fit must return its coefficients (to round-off).
        var truth = new LinearStepCost(6, 0.03, 5e-5, 0.025);
        var arrivals = Arrivals.Poisson(8, 600, seed: 4, r => 50 + r.Next(3000), r => 1 + r.Next(300));
        var config = new LlmServingConfig { StepCost = truth, Scheduler = SchedulerPolicy.VllmV1, MaxNumBatchedTokens = 1024, RecordSteps = true };
        var steps = Simulator.LlmReplicas(config, arrivals).Steps;
        var fitted = LinearStepCost.Fit(steps);
        Assert.Equal(6, fitted.FixedMs, 6);
        Assert.Equal(0.03, fitted.PerSequenceMs, 8);
        Assert.Equal(5e-5, fitted.PerContextTokenMs, 10);
        Assert.Equal(0.025, fitted.PerPrefillTokenMs, 8);
    }

    [Fact]
    public void Fitting_needs_enough_and_varied_steps()
    {
        var e = Assert.Throws<ArgumentException>(() => LinearStepCost.Fit([]));
        Assert.Equal("steps", e.ParamName);
        Assert.Contains("got 0", e.Message);
        // Decode-only steps cannot tell the prefill coefficient.
        var decodesOnly = Enumerable.Range(1, 10)
            .Select(b => new StepRecord(0, b, 0, 7 + b, [], [], [], [], new StepWork(b, b * 100L, 0, 0), 0, b, 0))
            .ToArray();
        Assert.Contains("prefill", Assert.Throws<ArgumentException>(() => LinearStepCost.Fit(decodesOnly)).Message);
    }

    [Fact]
    public void A_cost_model_that_returns_no_time_is_reported_with_the_step()
    {
        var config = new LlmServingConfig { StepCost = new LinearStepCost(0, 0, 0, 0) };
        var e = Assert.Throws<InvalidOperationException>(() => Simulator.LlmReplicas(config, [new(0, 10, 2)]));
        Assert.Contains("10 prompt tokens", e.Message);
    }

    [Fact]
    public void A_config_without_any_step_model_is_refused_by_name()
    {
        var e = Assert.Throws<ArgumentNullException>(() => Simulator.LlmReplicas(new LlmServingConfig(), [new(0, 10, 2)]));
        Assert.Equal("StepTime", e.ParamName);
        Assert.Contains("StepCost", e.Message);
    }
}
