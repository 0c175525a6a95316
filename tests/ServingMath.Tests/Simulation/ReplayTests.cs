using ServingMath.Simulation;

namespace ServingMath.Tests.Simulation;

/// <summary>Recorded traffic in the formats other tools write, and replaying it through a configuration.</summary>
public class ReplayTests
{
    // One request in milliseconds and the same in seconds (binary-exact values): TTFT 500 + 250 = 750 ms, TPOT (1625 − 750) / 7 = 125 ms.
    private const string InMilliseconds =
        """{"request_id":"a","arrival_s":2,"queue_ms":500,"prefill_ms":250,"ttft_ms":750,"tpot_ms":125,"prompt_tokens":64,"output_tokens":8,"e2e_ms":1625,"status":"ok","fallback_path":null}""";

    private const string InSeconds =
        """{"request_id":"a","arrival_s":2,"queue_s":0.5,"prefill_s":0.25,"ttft_s":0.75,"tpot_s":0.125,"prompt_tokens":64,"output_tokens":8,"e2e_s":1.625,"status":"ok"}""";

    [Fact]
    public void A_trace_in_seconds_without_fallback_path_reads_as_the_same_request()
    {
        var ms = Tracing.ReadJsonLines(new StringReader(InMilliseconds)).Single();
        var s = Tracing.ReadJsonLines(new StringReader(InSeconds)).Single();
        Assert.Equal(ms, s);
        Assert.Equal((750.0, 125.0, 1625.0), (s.TtftMs, s.TpotMs, s.EndToEndMs));
        Assert.Null(s.FallbackPath);
    }

    [Fact]
    public void A_seconds_trace_that_disagrees_with_itself_is_refused_with_the_line()
    {
        var wrong = InSeconds.Replace("\"ttft_s\":0.75", "\"ttft_s\":0.8", StringComparison.Ordinal);
        var e = Assert.Throws<InvalidDataException>(() => Tracing.ReadJsonLines(new StringReader("\n" + wrong), "mine.jsonl"));
        Assert.Contains("mine.jsonl line 2", e.Message);
        Assert.Contains("ttft_ms 800", e.Message);
        var missing = Assert.Throws<InvalidDataException>(() => Tracing.ReadJsonLines(new StringReader(InSeconds.Replace("\"queue_s\":0.5,", "", StringComparison.Ordinal))));
        Assert.Contains("\"queue_ms\" (or \"queue_s\" in seconds)", missing.Message);
    }

    [Fact]
    public void A_vllm_benchmark_result_replays_its_send_times_and_token_counts()
    {
        // Three requests sent at 100.5, 100.0 and 101.25 s on the client's clock; the third failed (0 output tokens).
        const string json = """
            {"backend":"vllm","completed":2,"input_lens":[512,128,1024],"output_lens":[64,200,0],
             "ttfts":[0.05,0.03,0.0],"start_times":[100.5,100.0,101.25],"errors":["","","timeout"]}
            """;
        var arrivals = Arrivals.ReadVllmBenchmark(new StringReader(json));
        Assert.Equal(
            [new ArrivalRequest(0, 128, 200, "1"), new ArrivalRequest(0.5, 512, 64, "0"), new ArrivalRequest(1.25, 1024, 1, "2")],
            arrivals);
    }

    [Fact]
    public void A_vllm_result_without_per_request_arrays_says_how_to_get_them()
    {
        var e = Assert.Throws<InvalidDataException>(() => Arrivals.ReadVllmBenchmark(new StringReader("""{"completed":3,"input_lens":[1,2,3],"output_lens":[1,2,3]}"""), "run.json"));
        Assert.Contains("run.json", e.Message);
        Assert.Contains("start_times", e.Message);
        Assert.Contains("--save-detailed", e.Message);
        var lengths = Assert.Throws<InvalidDataException>(() => Arrivals.ReadVllmBenchmark(new StringReader("""{"start_times":[0,1],"input_lens":[5],"output_lens":[1,2]}""")));
        Assert.Contains("got 2, 1 and 2", lengths.Message);
        var tokens = Assert.Throws<InvalidDataException>(() => Arrivals.ReadVllmBenchmark(new StringReader("""{"start_times":[0],"input_lens":[-4],"output_lens":[1]}""")));
        Assert.Contains("\"input_lens\"[0]", tokens.Message);
    }

    [Fact]
    public void Replaying_a_trace_through_its_own_configuration_reproduces_it_and_a_second_replica_shortens_the_queue()
    {
        var config = MeasuredH100.VllmOnDemand(60_000) with { MaxNumBatchedTokens = 2048 };
        var arrivals = Arrivals.Poisson(25, 2000, seed: 6, r => 100 + r.Next(3000), r => 20 + r.Next(400));
        var original = Simulator.LlmReplicas(config, arrivals).Trace;
        var path = Path.Combine(Path.GetTempPath(), $"replay-{Guid.NewGuid():N}.jsonl");
        try
        {
            Tracing.WriteJsonLines(original, path);
            var replayed = Simulator.Replay(config, path);
            Assert.Equal(original, replayed.Trace); // same arrivals, lengths, ids and preemption counts
            Assert.True(replayed.Preemptions > 0, "a 60 000-token cache at this load preempts");
            Assert.Equal(replayed.Preemptions, Tracing.Summarize(replayed.Trace).Preemptions);

            var twoReplicas = Tracing.Summarize(Simulator.Replay(config with { Replicas = 2 }, path).Trace);
            var one = Tracing.Summarize(replayed.Trace);
            Assert.True(twoReplicas.QueueMs.P99 < one.QueueMs.P99, $"p99 queue: 2 replicas {twoReplicas.QueueMs.P99:F0} ms vs 1 {one.QueueMs.P99:F0} ms");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
