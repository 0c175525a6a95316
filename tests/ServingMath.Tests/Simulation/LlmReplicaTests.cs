using ServingMath.Simulation;

namespace ServingMath.Tests.Simulation;

public class LlmReplicaTests
{
    private static LlmServingConfig Constant(double prefillMs, double stepMs) => new()
    {
        PrefillTime = new ConstantPrefillTime(prefillMs),
        StepTime = new ConstantStepTime(stepMs),
    };

    private static ArrivalRequest[] AtZero(int count, int prompt, int output) =>
        Enumerable.Range(0, count).Select(_ => new ArrivalRequest(0, prompt, output)).ToArray();

    [Fact]
    public void Continuous_batching_timeline_matches_a_hand_worked_example()
    {
        // Four requests at t = 0, 3 output tokens each; prefill 10 ms, decode step 5 ms.
        // Prefills run first, one by one: first tokens at 10, 20, 30, 40 ms. Then the batch of 4 decodes twice: 45, 50 ms.
        var result = Simulator.LlmReplicas(Constant(10, 5), AtZero(4, 100, 3));
        Assert.Equal(new[] { 10.0, 20, 30, 40 }, result.Trace.Select(t => Math.Round(t.TtftMs, 9)));
        Assert.Equal(new[] { 0.0, 10, 20, 30 }, result.Trace.Select(t => Math.Round(t.QueueMs, 9)));
        Assert.All(result.Trace, t => Assert.Equal(50, t.EndToEndMs, 9));
        Assert.Equal((50 - 10) / 2.0, result.Trace[0].TpotMs, 9); // first request waits behind three prefills
        Assert.Equal(5, result.Trace[3].TpotMs, 9);
        var stats = result.Replicas.Single();
        Assert.Equal((4L, 2L, 4), (stats.PrefillIterations, stats.DecodeSteps, stats.MaxRunning));
        Assert.Equal(0.05, result.SimulatedSeconds, 12);
        Assert.Equal(4 + 4 + 2, result.Events); // 4 arrivals, 4 prefills, 2 decode steps
        Assert.Equal(0.05, stats.BusySeconds, 12);
    }

    [Fact]
    public void With_batch_size_1_and_no_kv_limit_a_replica_is_a_single_fcfs_server()
    {
        // Service = prefill 20 ms + 4 decode steps × 10 ms = 60 ms per request, λ = 12/s (ρ = 0.72).
        // Reference: Lindley's recursion, computed here: W₁ = 0, Wₙ₊₁ = max(0, Wₙ + S − (aₙ₊₁ − aₙ)); must match to 1 ns.
        var arrivals = Arrivals.Poisson(12, 50_000, seed: 4, promptTokens: 256, outputTokens: 5);
        var config = Constant(20, 10) with { MaxBatchSize = 1 };
        var trace = Simulator.LlmReplicas(config, arrivals).Trace;
        const double service = 0.060;
        var wait = 0.0;
        for (var i = 0; i < arrivals.Count; i++)
        {
            if (i > 0)
            {
                wait = Math.Max(0, wait + service - (arrivals[i].ArrivalSeconds - arrivals[i - 1].ArrivalSeconds));
            }

            Assert.Equal(wait * 1000, trace[i].QueueMs, 1e-6);
            Assert.Equal(60, trace[i].EndToEndMs - trace[i].QueueMs, 1e-6);
        }

        // And it is an M/D/1 queue: Pollaczek–Khinchine W_q = ρS / (2(1 − ρ)) = 0.72 × 60 / 0.56 ≈ 77.1 ms (tolerance 8 % at 50 000 requests).
        Assert.InRange(trace.Average(t => t.QueueMs) / (0.72 * 60 / 0.56), 0.92, 1.08);
    }

    [Fact]
    public void Kv_admission_never_exceeds_capacity_at_any_event()
    {
        // 2 000 blocks of 16 tokens; requests need ⌈(prompt + output)/16⌉ blocks, drawn between 7 and 120 blocks.
        var arrivals = Arrivals.Poisson(60, 5000, seed: 8, r => 100 + r.Next(1500), r => 10 + r.Next(400));
        var seen = 0;
        var maxReserved = 0L;
        var config = new LlmServingConfig
        {
            PrefillTime = MeasuredPrefillTime.FromCsv(MeasurementsTests.Data("prefill_by_prompt.csv")),
            StepTime = MeasuredStepTime.FromCsv(MeasurementsTests.Data("decode_by_batch.csv")),
            KvCacheTokens = 32_000,
            Replicas = 2,
            Observer = s =>
            {
                seen++;
                Assert.Equal(2000, s.KvBlocksCapacity);
                Assert.InRange(s.KvBlocksReserved, 0, 2000);
                maxReserved = Math.Max(maxReserved, s.KvBlocksReserved);
            },
        };
        var limited = Simulator.LlmReplicas(config, arrivals);
        Assert.True(seen >= limited.Events - 1, "the observer sees every event that changes a replica");
        Assert.All(limited.Replicas, r => Assert.InRange(r.MaxKvBlocksReserved, 2000 - 120, 2000)); // the limit binds
        Assert.Equal(maxReserved, limited.Replicas.Max(r => r.MaxKvBlocksReserved));

        var unlimited = Simulator.LlmReplicas(config with { KvCacheTokens = null, Observer = null }, arrivals);
        Assert.True(unlimited.Replicas.Max(r => r.MaxKvBlocksReserved) > 2000, "without the limit the same load would need more");
        Assert.True(limited.Trace.Average(t => t.QueueMs) > unlimited.Trace.Average(t => t.QueueMs));
    }

    [Fact]
    public void Kv_blocks_are_paged_in_blocks_of_16_tokens()
    {
        // Each request holds 100 + 20 = 120 tokens → ⌈120/16⌉ = 8 blocks. 255 tokens = 15 blocks fit one request at a time,
        // although 240 tokens would fit two; 256 tokens = 16 blocks fit two.
        var arrivals = AtZero(6, 100, 20);
        Assert.Equal(1, Simulator.LlmReplicas(Constant(10, 5) with { KvCacheTokens = 255 }, arrivals).Replicas[0].MaxRunning);
        var two = Simulator.LlmReplicas(Constant(10, 5) with { KvCacheTokens = 256 }, arrivals).Replicas[0];
        Assert.Equal((2, 16L), (two.MaxRunning, two.MaxKvBlocksReserved));
    }

    [Fact]
    public void A_request_larger_than_the_whole_cache_is_rejected_to_the_fallback()
    {
        ArrivalRequest[] arrivals = [new(0, 100, 20), new(0.001, 5000, 100), new(0.002, 100, 20)];
        var config = Constant(10, 5) with { KvCacheTokens = 4096, Fallback = new FallbackRoute("small-model", 0.25) };
        var trace = Simulator.LlmReplicas(config, arrivals).Trace;
        Assert.Equal(new[] { RequestStatus.Ok, RequestStatus.Rejected, RequestStatus.Ok }, trace.Select(t => t.Status));
        Assert.Equal("small-model", trace[1].FallbackPath);
        Assert.Equal(250, trace[1].EndToEndMs, 9);
        Assert.Equal(0, trace[1].OutputTokens);
        Assert.Equal(-1, trace[1].Replica); // refused by the router: no replica involved
        Assert.Null(trace[0].FallbackPath);

        // The whole trace survives a JSON Lines round trip.
        var text = new StringWriter();
        Tracing.WriteJsonLines(trace, text);
        Assert.Equal(trace, Tracing.ReadJsonLines(new StringReader(text.ToString())));
    }

    [Fact]
    public void Requests_waiting_past_the_timeout_leave_and_take_the_fallback()
    {
        // One slot, each request busy for 10 + 99 × 10 = 1000 ms; a 0.3 s queue timeout; arrivals every 0.1 s.
        var arrivals = Enumerable.Range(0, 6).Select(i => new ArrivalRequest(i * 0.1, 10, 100)).ToArray();
        var config = Constant(10, 10) with { MaxBatchSize = 1, QueueTimeoutSeconds = 0.3, Fallback = new FallbackRoute("cached", 0.05) };
        var trace = Simulator.LlmReplicas(config, arrivals).Trace;
        Assert.Equal(RequestStatus.Ok, trace[0].Status);
        Assert.All(trace.Skip(1), t =>
        {
            Assert.Equal(RequestStatus.TimedOut, t.Status);
            Assert.Equal(300, t.QueueMs, 9);
            Assert.Equal(350, t.EndToEndMs, 9);
            Assert.Equal("cached", t.FallbackPath);
        });
        var summary = Tracing.Summarize(trace);
        Assert.Equal((1, 5, 5), (summary.Completed, summary.TimedOut, summary.ServedByFallback));
    }

    [Fact]
    public void A_full_queue_rejects_new_arrivals()
    {
        var config = Constant(10, 10) with { MaxBatchSize = 1, MaxQueueLength = 2 };
        var trace = Simulator.LlmReplicas(config, AtZero(5, 10, 10)).Trace;
        // All five arrive before the first step is planned: the first two fill the queue, the last three find it full.
        Assert.Equal(
            new[] { RequestStatus.Ok, RequestStatus.Ok, RequestStatus.Rejected, RequestStatus.Rejected, RequestStatus.Rejected },
            trace.Select(t => t.Status));
    }

    [Fact]
    public void Round_robin_takes_turns_and_join_shortest_queue_picks_the_idle_replica()
    {
        // Two replicas. Request 0 is long (1000 tokens), request 1 finishes at once; request 2 arrives at 1.005 s,
        // halfway through one of replica 0's 10 ms decode steps.
        ArrivalRequest[] arrivals = [new(0, 10, 1000), new(0, 10, 1), new(1.005, 10, 5)];
        var rr = Simulator.LlmReplicas(Constant(10, 10) with { Replicas = 2, Router = RouterPolicy.RoundRobin }, arrivals).Trace;
        var jsq = Simulator.LlmReplicas(Constant(10, 10) with { Replicas = 2, Router = RouterPolicy.JoinShortestQueue }, arrivals).Trace;
        Assert.Equal(new[] { 0, 1, 0 }, rr.Select(t => t.Replica));
        Assert.Equal(new[] { 0, 1, 1 }, jsq.Select(t => t.Replica));
        Assert.Equal(10, jsq[2].TtftMs, 6); // idle replica 1: prefill only
        Assert.Equal(15, rr[2].TtftMs, 6); // busy replica 0: waits 5 ms for the step to end, then 10 ms prefill
    }

    [Fact]
    public void Join_shortest_queue_beats_round_robin_on_mean_ttft_under_load()
    {
        // 4 replicas of one slot each, exponential-ish output lengths; same arrivals for both routers.
        var arrivals = Arrivals.Poisson(30, 20_000, seed: 12, _ => 200, r => 1 + (int)(-Math.Log(1 - r.NextDouble()) * 10));
        var config = Constant(20, 10) with { Replicas = 4, MaxBatchSize = 1 };
        var rr = Tracing.Summarize(Simulator.LlmReplicas(config with { Router = RouterPolicy.RoundRobin }, arrivals).Trace);
        var jsq = Tracing.Summarize(Simulator.LlmReplicas(config, arrivals).Trace);
        Assert.True(jsq.TtftMs.Mean < 0.8 * rr.TtftMs.Mean, $"JSQ {jsq.TtftMs.Mean:F1} ms vs round robin {rr.TtftMs.Mean:F1} ms");
    }

    [Fact]
    public void Measured_h100_model_gives_tpot_within_the_measured_range_and_is_deterministic()
    {
        var config = new LlmServingConfig
        {
            PrefillTime = MeasuredPrefillTime.FromCsv(MeasurementsTests.Data("prefill_by_prompt.csv")),
            StepTime = MeasuredStepTime.FromCsv(MeasurementsTests.Data("decode_by_batch.csv")),
            KvCacheTokens = 450_000,
        };
        var arrivals = Arrivals.Poisson(20, 4000, seed: 21, promptTokens: 512, outputTokens: 128);
        var first = Simulator.LlmReplicas(config, arrivals);
        Assert.Equal(first.Trace, Simulator.LlmReplicas(config, arrivals).Trace);
        var s = Tracing.Summarize(first.Trace);
        Assert.Equal(4000, s.Completed);
        // Every decode step is at least batch-1 @ 512 (7.2576 ms); prefills pause decoding, so TPOT can exceed one step.
        Assert.InRange(s.TpotMs.P50, 7.2576, 30);
        Assert.InRange(s.TtftMs.P50, 21.102, 1000); // at least the prefill of 512 tokens
        Assert.InRange(s.OutputTokensPerSecond, 20 * 128 * 0.9, 20 * 128 * 1.1); // a stable system outputs what arrives
    }

    [Fact]
    public void Bad_configuration_and_arrivals_are_refused_with_names_and_values()
    {
        ArrivalRequest[] ok = [new(0, 10, 10)];
        var replicas = Assert.Throws<ArgumentOutOfRangeException>(() => Simulator.LlmReplicas(Constant(1, 1) with { Replicas = 0 }, ok));
        Assert.Equal("Replicas", replicas.ParamName);
        Assert.Contains("got 0", replicas.Message);
        var timeout = Assert.Throws<ArgumentOutOfRangeException>(() => Simulator.LlmReplicas(Constant(1, 1) with { QueueTimeoutSeconds = -2 }, ok));
        Assert.Equal("QueueTimeoutSeconds", timeout.ParamName);
        Assert.Contains("-2", timeout.Message);
        Assert.Equal("KvCacheTokens", Assert.Throws<ArgumentOutOfRangeException>(() => Simulator.LlmReplicas(Constant(1, 1) with { KvCacheTokens = 8 }, ok)).ParamName);

        ArrivalRequest[] unordered = [new(1, 10, 10), new(0.5, 10, 10)];
        var order = Assert.Throws<ArgumentException>(() => Simulator.LlmReplicas(Constant(1, 1), unordered));
        Assert.Equal("arrivals", order.ParamName);
        Assert.Contains("arrivals[1]", order.Message);
        var tokens = Assert.Throws<ArgumentOutOfRangeException>(() => Simulator.LlmReplicas(Constant(1, 1), [new(0, 10, 0)]));
        Assert.Contains("arrivals[0]", tokens.Message);
    }

    [Fact]
    public void An_empty_arrival_list_gives_an_empty_trace()
    {
        var result = Simulator.LlmReplicas(Constant(1, 1), []);
        Assert.Empty(result.Trace);
        Assert.Equal(0, result.Events);
    }
}
