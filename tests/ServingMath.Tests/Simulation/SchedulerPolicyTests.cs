using ServingMath.Simulation;

namespace ServingMath.Tests.Simulation;

/// <summary>
/// Each scheduler against schedules worked out by hand. Every step costs a flat 10 ms (a <see cref="LinearStepCost"/>
/// with only a fixed term), so the times follow from the step count alone; the reference batches are written out as
/// "request:tokens" (a decode is 1 token). Requests that arrive at the same instant all join the waiting queue before
/// the next step is planned, as in vLLM V1, whose engine loop drains its input queue before it calls
/// <c>Scheduler.schedule()</c> (<c>vllm/v1/engine/core.py</c>, <c>_process_input_queue</c>, v0.11).
/// </summary>
public class SchedulerPolicyTests
{
    internal static readonly LinearStepCost TenMs = new(10, 0, 0, 0);

    internal static LlmServingConfig Config(SchedulerPolicy scheduler) => new()
    {
        StepCost = TenMs,
        Scheduler = scheduler,
        RecordSteps = true,
    };

    internal static string[] Batches(LlmSimulationResult result) => [.. result.Steps.Select(s => s.BatchText)];

    private static double[] Rounded(IEnumerable<double> values) => [.. values.Select(v => Math.Round(v, 9))];

    // r0: 5-token prompt, 3 output tokens; r1: 6 and 2; r2: 4 and 2.
    private static readonly ArrivalRequest[] ThreeAtZero = [new(0, 5, 3), new(0, 6, 2), new(0, 4, 2)];

    [Fact]
    public void Vllm_v1_spends_the_budget_on_running_requests_first_then_chunks_the_next_prompt()
    {
        // Budget 8 tokens per step; r0, r1, r2 all wait when step 1 is planned.
        // step 1 (0–10 ms):  r0 prefills its 5 tokens (3 left); r1 gets a 3-token chunk (budget spent)   → r0's first token at 10
        // step 2 (10–20):    r0 decodes 1 (7 left); r1 its last 3 (4 left); r2 its whole 4              → r1's, r2's first tokens at 20
        // step 3 (20–30):    r0 1, r1 1, r2 1                                                           → all three finish at 30
        var result = Simulator.LlmReplicas(Config(SchedulerPolicy.VllmV1) with { MaxNumBatchedTokens = 8 }, ThreeAtZero);
        Assert.Equal(["0:5 1:3", "0:1 1:3 2:4", "0:1 1:1 2:1"], Batches(result));
        Assert.Equal([10.0, 20, 20], Rounded(result.Trace.Select(t => t.TtftMs)));
        Assert.Equal([0.0, 0, 10], Rounded(result.Trace.Select(t => t.QueueMs)));
        Assert.Equal([30.0, 30, 30], Rounded(result.Trace.Select(t => t.EndToEndMs)));

        // What each step holds, as the cost model sees it: (decodes, Σ context, prefill tokens, prompts, finished).
        // Step 2: r0 decodes at context 5 + 1 = 6. Step 3: r0 at 5 + 2 = 7, r1 at 6 + 1 = 7, r2 at 4 + 1 = 5.
        Assert.Equal(
            [(0, 0L, 8, 2, 0), (1, 6L, 7, 2, 0), (3, 19L, 0, 0, 3)],
            result.Steps.Select(s => (s.Work.DecodeSequences, s.Work.DecodeContextTokens, s.Work.PrefillTokens, s.Work.PrefillRequests, s.Finished.Count)));
    }

    [Fact]
    public void Four_requests_at_the_same_instant_share_the_first_step()
    {
        // Step cost 10 ms + 0.1 ms per prompt token; budget 256; four requests of 100 prompt and 3 output tokens at t = 0.
        // All four wait when step 1 is planned (vLLM drains its input queue before schedule()).
        // step 1 (0–35.6 ms):    r0:100, r1:100, r2: 56-token chunk (budget spent); 10 + 0.1 × 256 = 35.6 ms → r0, r1 first tokens at 35.6
        // step 2 (35.6–60.0):    r0:1, r1:1, r2: last 44, r3: 100 (110 left); 10 + 0.1 × 144 = 24.4 ms     → r2, r3 first tokens at 60
        // step 3 (60–70):        four decodes, 10 ms                                                     → r0, r1 done at 70
        // step 4 (70–80):        r2, r3 decode                                                           → done at 80
        // Had the engine planned a step on r0's arrival alone, step 1 would hold r0 only (20 ms) and every TTFT would move.
        ArrivalRequest[] arrivals = [new(0, 100, 3), new(0, 100, 3), new(0, 100, 3), new(0, 100, 3)];
        var config = Config(SchedulerPolicy.VllmV1) with { StepCost = new LinearStepCost(10, 0, 0, 0.1), MaxNumBatchedTokens = 256 };
        var result = Simulator.LlmReplicas(config, arrivals);
        Assert.Equal(["0:100 1:100 2:56", "0:1 1:1 2:44 3:100", "0:1 1:1 2:1 3:1", "2:1 3:1"], Batches(result));
        Assert.Equal([35.6, 24.4, 10, 10], Rounded(result.Steps.Select(s => s.DurationMs)));
        Assert.Equal([35.6, 35.6, 60, 60], Rounded(result.Trace.Select(t => t.TtftMs)));
        Assert.Equal([0.0, 0, 0, 35.6], Rounded(result.Trace.Select(t => t.QueueMs)));
        Assert.Equal([70.0, 70, 80, 80], Rounded(result.Trace.Select(t => t.EndToEndMs)));
        // Σ decode context: step 2 r0, r1 at 101; step 3 r0, r1 at 102 and r2, r3 at 101; step 4 r2, r3 at 102.
        Assert.Equal([0L, 202, 406, 204], result.Steps.Select(s => s.Work.DecodeContextTokens));
    }

    [Fact]
    public void Prefill_first_runs_one_whole_prompt_per_step_and_pauses_decoding()
    {
        // step 1: r0's prompt; step 2: r1's prompt; step 3: r2's prompt (first tokens at 10, 20, 30);
        // step 4: all three decode (r1, r2 finish at 40); step 5: r0's last token at 50.
        var result = Simulator.LlmReplicas(Config(SchedulerPolicy.PrefillFirst), ThreeAtZero);
        Assert.Equal(["0:5", "1:6", "2:4", "0:1 1:1 2:1", "0:1"], Batches(result));
        Assert.Equal([10.0, 20, 30], Rounded(result.Trace.Select(t => t.TtftMs)));
        Assert.Equal([50.0, 40, 40], Rounded(result.Trace.Select(t => t.EndToEndMs)));
        // r0 waited behind two prefills between its first and second token: TPOT (50 − 10) / 2 = 20 ms, twice vLLM V1's 10.
        Assert.Equal(20, result.Trace[0].TpotMs, 9);
    }

    [Fact]
    public void Vllm_v1_max_num_seqs_counts_a_request_still_prefilling()
    {
        // Budget 6, at most 2 running. r0: prompt 2, 3 out; r1: prompt 8, 2 out; r2: prompt 1, 1 out.
        // step 1: r0:2, r1 chunk 4 (budget spent).  step 2: r0:1, r1's last 4 — 1 token of budget left, but r0 and r1
        // make 2 running, so r2 waits.  step 3: r0:1, r1:1 (both finish at 30).  step 4: r2:1.
        ArrivalRequest[] arrivals = [new(0, 2, 3), new(0, 8, 2), new(0, 1, 1)];
        var result = Simulator.LlmReplicas(Config(SchedulerPolicy.VllmV1) with { MaxNumBatchedTokens = 6, MaxBatchSize = 2 }, arrivals);
        Assert.Equal(["0:2 1:4", "0:1 1:4", "0:1 1:1", "2:1"], Batches(result));
        Assert.Equal([10.0, 20, 40], Rounded(result.Trace.Select(t => t.TtftMs)));
        Assert.Equal(2, result.Replicas[0].MaxRunning);
    }

    [Fact]
    public void Vllm_v1_is_strictly_first_come_first_served_without_chunked_prefill()
    {
        // Budget 8, chunked prefill off. r0: prompt 3, 3 out; r1: prompt 8, 1 out; r2: prompt 2, 1 out.
        // step 1: r0:3.  steps 2 and 3: r0 decodes; r1's 8 tokens exceed the 7 left, and r2 (2 tokens, would fit) waits behind it.
        // step 4: r1:8.  step 5: r2:2.
        ArrivalRequest[] arrivals = [new(0, 3, 3), new(0, 8, 1), new(0, 2, 1)];
        var config = Config(SchedulerPolicy.VllmV1) with { MaxNumBatchedTokens = 8, ChunkedPrefill = false };
        var unchunked = Simulator.LlmReplicas(config, arrivals);
        Assert.Equal(["0:3", "0:1", "0:1", "1:8", "2:2"], Batches(unchunked));
        Assert.Equal([30.0, 40, 50], Rounded(unchunked.Trace.Select(t => t.EndToEndMs)));

        // With chunks: step 1 gives r1 the 5 tokens left after r0's 3; step 2 holds r0:1, r1's last 3 and r2's 2 — r1 and r2
        // done at 20; step 3: r0's last token at 30.
        var chunked = Simulator.LlmReplicas(config with { ChunkedPrefill = true }, arrivals);
        Assert.Equal(["0:3 1:5", "0:1 1:3 2:2", "0:1"], Batches(chunked));
        Assert.Equal([30.0, 20, 20], Rounded(chunked.Trace.Select(t => t.EndToEndMs)));
    }

    [Fact]
    public void Without_chunked_prefill_a_prompt_larger_than_the_budget_is_refused_with_its_size()
    {
        var config = Config(SchedulerPolicy.VllmV1) with { MaxNumBatchedTokens = 100, ChunkedPrefill = false };
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Simulator.LlmReplicas(config, [new(0, 10, 1), new(0, 150, 1)]));
        Assert.Equal("arrivals", e.ParamName);
        Assert.Contains("arrivals[1]", e.Message);
        Assert.Contains("150", e.Message);
    }

    [Fact]
    public void With_batch_size_1_vllm_v1_is_also_a_single_fcfs_server()
    {
        // Service = one 20 ms prefill step + 4 decode steps × 10 ms = 60 ms; reference Lindley's recursion, as for prefill-first.
        var arrivals = Arrivals.Poisson(12, 20_000, seed: 5, promptTokens: 256, outputTokens: 5);
        var config = new LlmServingConfig
        {
            PrefillTime = new ConstantPrefillTime(20),
            StepTime = new ConstantStepTime(10),
            Scheduler = SchedulerPolicy.VllmV1,
            MaxBatchSize = 1,
        };
        var trace = Simulator.LlmReplicas(config, arrivals).Trace;
        var wait = 0.0;
        for (var i = 0; i < arrivals.Count; i++)
        {
            if (i > 0)
            {
                wait = Math.Max(0, wait + 0.060 - (arrivals[i].ArrivalSeconds - arrivals[i - 1].ArrivalSeconds));
            }

            Assert.Equal(wait * 1000, trace[i].QueueMs, 1e-6);
            Assert.Equal(60, trace[i].EndToEndMs - trace[i].QueueMs, 1e-6);
        }
    }

    [Fact]
    public void Chunked_prefill_trades_time_to_first_token_for_time_per_output_token()
    {
        // A linear H100 step model (see LinearStepCost.Llama3_8B_H100) and long prompts (4096 tokens) arriving among decoding
        // requests: a 512-token budget spreads each prompt over 8 steps, so running decodes never sit through a whole
        // ≈ 122 ms prefill (lower TPOT tail) but first tokens come later.
        var config = new LlmServingConfig { StepCost = LinearStepCost.Llama3_8B_H100, Scheduler = SchedulerPolicy.VllmV1 };
        var arrivals = Arrivals.Poisson(4, 2000, seed: 3, promptTokens: 4096, outputTokens: 64);
        var small = Tracing.Summarize(Simulator.LlmReplicas(config with { MaxNumBatchedTokens = 512 }, arrivals).Trace);
        var large = Tracing.Summarize(Simulator.LlmReplicas(config with { MaxNumBatchedTokens = 8192 }, arrivals).Trace);
        Assert.True(small.TtftMs.P50 > 1.2 * large.TtftMs.P50, $"TTFT p50: budget 512 {small.TtftMs.P50:F1} ms vs 8192 {large.TtftMs.P50:F1} ms");
        Assert.True(small.TpotMs.P99 < 0.8 * large.TpotMs.P99, $"TPOT p99: budget 512 {small.TpotMs.P99:F2} ms vs 8192 {large.TpotMs.P99:F2} ms");
    }
}
