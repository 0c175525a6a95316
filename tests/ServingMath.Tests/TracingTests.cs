using System.Text.Json;

namespace ServingMath.Tests;

public class TracingTests
{
    private static RequestTrace Served(string id, double arrivalS, double queueMs, double prefillMs, double e2eMs, int outputTokens = 1) =>
        new(id, arrivalS, queueMs, prefillMs, 100, outputTokens, e2eMs);

    [Fact]
    public void RequiredFields_are_the_eleven_json_lines_names_with_units()
    {
        string[] expected =
        [
            "request_id", "arrival_s", "queue_ms", "prefill_ms", "ttft_ms", "tpot_ms",
            "prompt_tokens", "output_tokens", "e2e_ms", "status", "fallback_path",
        ];
        Assert.Equal(expected, Tracing.RequiredFields);
    }

    [Fact]
    public void MissingFields_names_the_required_fields_a_proposal_lacks_in_order()
    {
        var proposal = new[] { "request_id", "arrival_s", "ttft_ms", " e2e_ms ", "status", "gpu_temperature" };
        Assert.Equal(
            new[] { "queue_ms", "prefill_ms", "tpot_ms", "prompt_tokens", "output_tokens", "fallback_path" },
            Tracing.MissingFields(proposal));
        Assert.Empty(Tracing.MissingFields(Tracing.RequiredFields));
        Assert.Contains("ttft_ms", Tracing.MissingFields(["TTFT_MS"])); // JSON names are case-sensitive
    }

    [Fact]
    public void ToFieldName_translates_the_documented_vllm_and_opentelemetry_names_and_leaves_others_alone()
    {
        // The README's trace table, row by row: each documented name and the field it measures.
        (string Synonym, string Field)[] table =
        [
            ("gen_ai.response.id", "request_id"),
            ("vllm:request_queue_time_seconds", "queue_ms"),
            ("vllm:request_prefill_time_seconds", "prefill_ms"),
            ("vllm:time_to_first_token_seconds", "ttft_ms"),
            ("gen_ai.server.time_to_first_token", "ttft_ms"),
            ("vllm:request_time_per_output_token_seconds", "tpot_ms"),
            ("gen_ai.server.time_per_output_token", "tpot_ms"),
            ("vllm:request_prompt_tokens", "prompt_tokens"),
            ("gen_ai.usage.input_tokens", "prompt_tokens"),
            ("vllm:request_generation_tokens", "output_tokens"),
            ("gen_ai.usage.output_tokens", "output_tokens"),
            ("vllm:e2e_request_latency_seconds", "e2e_ms"),
            ("gen_ai.server.request.duration", "e2e_ms"),
            ("error.type", "status"),
        ];
        Assert.All(table, row => Assert.Equal(row.Field, Tracing.ToFieldName(row.Synonym)));
        Assert.Equal(table.Length, Tracing.FieldSynonyms.Count);
        Assert.All(Tracing.FieldSynonyms.Values, field => Assert.Contains(field, Tracing.RequiredFields));

        Assert.Equal("prompt_tokens", Tracing.ToFieldName("  GEN_AI.USAGE.INPUT_TOKENS "));   // trimmed, any case
        Assert.Equal("ttft_ms", Tracing.ToFieldName(" ttft_ms "));
        Assert.Equal("decode_ms", Tracing.ToFieldName("decode_ms"));                          // not a synonym: unchanged
        Assert.Equal("vllm:kv_cache_usage_perc", Tracing.ToFieldName("vllm:kv_cache_usage_perc"));
        // vLLM's inter-token histograms observe each gap between outputs, not one TPOT per request (loggers.py, 0.11): no synonym.
        Assert.Equal("vllm:inter_token_latency_seconds", Tracing.ToFieldName("vllm:inter_token_latency_seconds"));
        Assert.Equal("vllm:time_per_output_token_seconds", Tracing.ToFieldName("vllm:time_per_output_token_seconds"));
        Assert.Equal(string.Empty, Tracing.ToFieldName(null));
    }

    [Fact]
    public void Ttft_is_queue_plus_prefill_and_tpot_counts_only_tokens_after_the_first()
    {
        // Queue 100 ms + prefill 50 ms = TTFT 150 ms; 10 tokens, e2e 330 ms → 9 later tokens in 180 ms → 20 ms each.
        var t = Served("a", 0, 100, 50, 330, outputTokens: 10);
        Assert.Equal(150, t.TtftMs, 12);
        Assert.Equal(20, t.TpotMs, 12);
        Assert.Equal(180, t.DecodeMs, 12);
        Assert.Equal(0, Served("b", 0, 1, 2, 3, outputTokens: 1).TpotMs);
        Assert.Equal(0.33, Served("c", 0, 0, 0, 330).DepartureSeconds, 12);
    }

    [Fact]
    public void Json_lines_round_trip_keeps_every_field()
    {
        RequestTrace[] traces =
        [
            new("r-1", 0.125, 3.5, 21.102, 512, 128, 1000.25, RequestStatus.Ok, null, 2),
            new("r-2", 0.5, 2000, 0, 4096, 0, 2300, RequestStatus.TimedOut, "small-model", 1),
            new("r-3", 0.5, 0, 0, 64, 0, 0, RequestStatus.Rejected, null, 0),
        ];
        var writer = new StringWriter();
        Tracing.WriteJsonLines(traces, writer);
        var text = writer.ToString();
        Assert.Equal(3, text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(traces, Tracing.ReadJsonLines(new StringReader(text)));
    }

    [Fact]
    public void A_written_line_carries_exactly_the_required_names_plus_replica()
    {
        var line = Tracing.ToJsonLine(Served("x", 1.5, 10, 20, 130, outputTokens: 6));
        using var doc = JsonDocument.Parse(line);
        var names = doc.RootElement.EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Equal(Tracing.RequiredFields.Append("replica"), names);
        Assert.Equal(30, doc.RootElement.GetProperty("ttft_ms").GetDouble(), 12);
        Assert.Equal(20, doc.RootElement.GetProperty("tpot_ms").GetDouble(), 12); // (130 − 30) / 5
        Assert.Equal("ok", doc.RootElement.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("fallback_path").ValueKind);
    }

    [Fact]
    public void Json_lines_file_round_trip()
    {
        var path = Path.Combine(Path.GetTempPath(), $"trace-{Guid.NewGuid():N}.jsonl");
        try
        {
            var traces = Enumerable.Range(0, 50).Select(i => Served($"q{i}", i * 0.1, i, 20, i + 40, outputTokens: 3)).ToArray();
            Tracing.WriteJsonLines(traces, path);
            Assert.Equal(traces, Tracing.ReadJsonLines(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string GoodLine(double arrival) => Tracing.ToJsonLine(Served("g", arrival, 1, 2, 3));

    [Fact]
    public void An_unreadable_line_is_named_by_its_number()
    {
        var text = GoodLine(0) + "\n\n" + "{\"request_id\": \"broken\", " + "\n" + GoodLine(1);
        var e = Assert.Throws<InvalidDataException>(() => Tracing.ReadJsonLines(new StringReader(text), "t.jsonl"));
        Assert.Contains("t.jsonl line 3", e.Message);
    }

    [Fact]
    public void A_line_missing_a_field_names_the_line_and_the_field()
    {
        var line = GoodLine(2).Replace("\"tpot_ms\"", "\"tpot\"", StringComparison.Ordinal);
        var e = Assert.Throws<InvalidDataException>(() => Tracing.ReadJsonLines(new StringReader(GoodLine(1) + "\n" + line)));
        Assert.Contains("line 2", e.Message);
        Assert.Contains("\"tpot_ms\"", e.Message);
    }

    [Fact]
    public void A_trace_out_of_time_order_names_the_offending_line()
    {
        var text = string.Join('\n', GoodLine(0), GoodLine(5), GoodLine(4.5));
        var e = Assert.Throws<InvalidDataException>(() => Tracing.ReadJsonLines(new StringReader(text)));
        Assert.Contains("line 3", e.Message);
        Assert.Contains("earlier than line 2", e.Message);
    }

    [Fact]
    public void A_ttft_that_is_not_queue_plus_prefill_is_refused()
    {
        var line = GoodLine(0).Replace("\"ttft_ms\":3", "\"ttft_ms\":2", StringComparison.Ordinal);
        var e = Assert.Throws<InvalidDataException>(() => Tracing.ReadJsonLines(new StringReader(line)));
        Assert.Contains("queue_ms + prefill_ms", e.Message);
    }

    [Fact]
    public void A_bad_status_and_a_negative_time_are_refused_with_the_line()
    {
        var badStatus = GoodLine(0).Replace("\"ok\"", "\"done\"", StringComparison.Ordinal);
        Assert.Contains("line 1", Assert.Throws<InvalidDataException>(() => Tracing.ReadJsonLines(new StringReader(badStatus))).Message);
        var negative = GoodLine(0).Replace("\"queue_ms\":1", "\"queue_ms\":-1", StringComparison.Ordinal);
        var e = Assert.Throws<InvalidDataException>(() => Tracing.ReadJsonLines(new StringReader(negative)));
        Assert.Contains("queue_ms", e.Message);
    }

    [Fact]
    public void Reading_a_missing_file_says_which_file()
    {
        var e = Assert.Throws<FileNotFoundException>(() => Tracing.ReadJsonLines("no-such-trace.jsonl"));
        Assert.Contains("no-such-trace.jsonl", e.Message);
    }

    [Fact]
    public void Summarize_percentiles_follow_the_R7_linear_definition()
    {
        // e2e = 1, 2, …, 100 ms. R7: h = (n − 1)p + 1 → p50 = 50.5, p90 = 90.1, p99 = 99.01 (numpy.percentile gives the same).
        var traces = Enumerable.Range(1, 100).Select(i => Served($"{i}", i, 0, i, i)).ToArray();
        var s = Tracing.Summarize(traces);
        Assert.Equal(50.5, s.EndToEndMs.P50, 9);
        Assert.Equal(90.1, s.EndToEndMs.P90, 9);
        Assert.Equal(99.01, s.EndToEndMs.P99, 9);
        Assert.Equal(50.5, s.EndToEndMs.Mean, 9);
        Assert.Equal(99.01, s.TtftMs.P99, 9);
        Assert.Equal(0, s.TpotMs.Count); // one output token each: TPOT undefined
        Assert.True(double.IsNaN(s.TpotMs.P50));
    }

    [Fact]
    public void Summarize_throughput_and_littles_law_match_a_hand_computed_trace()
    {
        // Arrivals at 0, 1, 2 s staying 1, 2, 0.5 s; 10, 20, 30 output tokens.
        // Span 0 → 3 s. N(t) = 1 on [0,1), 1 on [1,2), 2 on [2,2.5), 1 on [2.5,3): area 3.5 request·s → L = 3.5/3.
        RequestTrace[] traces =
        [
            new("a", 0, 0, 100, 10, 10, 1000),
            new("b", 1, 500, 100, 10, 20, 2000),
            new("c", 2, 0, 100, 10, 30, 500),
        ];
        var s = Tracing.Summarize(traces);
        Assert.Equal(3, s.SpanSeconds, 12);
        Assert.Equal(1, s.RequestsPerSecond, 12);
        Assert.Equal(20, s.OutputTokensPerSecond, 12);
        Assert.Equal(1, s.ArrivalRate, 12);
        Assert.Equal(3.5 / 3, s.MeanTimeInSystemSeconds, 12);
        Assert.Equal(3.5 / 3, s.MeanConcurrency, 12);
        Assert.Equal(3.5 / 3, s.LittlesLawProduct, 12);
        Assert.True(s.LittlesLawRelativeGap < 1e-12);
        // Window [2, 3]: 2 × 0.5 + 1 × 0.5 = 1.5 request·s over 1 s.
        Assert.Equal(1.5, Tracing.MeanConcurrency(traces, 2, 3), 12);
    }

    [Fact]
    public void Summarize_breaks_down_where_the_slowest_requests_time_went()
    {
        // 99 fast requests (e2e 10 ms) and one slow: queue 800 + prefill 100 + decode 100 = 1000 ms.
        var traces = Enumerable.Range(0, 99).Select(i => Served($"f{i}", i * 0.01, 0, 5, 10, outputTokens: 2)).ToList();
        traces.Add(Served("slow", 1.0, 800, 100, 1000, outputTokens: 11));
        var s = Tracing.Summarize(traces);
        Assert.Equal(1, s.Slowest.Requests); // slowest 1 % of 100
        Assert.Equal(0.8, s.Slowest.QueueShare, 12);
        Assert.Equal(0.1, s.Slowest.PrefillShare, 12);
        Assert.Equal(0.1, s.Slowest.DecodeShare, 12);
        Assert.Equal(1000, s.Slowest.MeanEndToEndMs, 12);
        // Queue waits: 99 zeros and one 800 ms. R7 p99: h = 99·0.99 + 1 = 99.01 → 0 + 0.01 × 800 = 8 ms.
        Assert.Equal(8, s.QueueMs.P99, 9);
        Assert.Equal(8, s.QueueMs.Mean, 12);
        var half = Tracing.Summarize(traces, slowestFraction: 0.5);
        Assert.Equal(50, half.Slowest.Requests);
    }

    [Fact]
    public void Summarize_counts_statuses_and_keeps_failures_out_of_latency_percentiles()
    {
        RequestTrace[] traces =
        [
            Served("a", 0, 0, 10, 10),
            new("b", 0.001, 5000, 0, 10, 0, 5300, RequestStatus.TimedOut, "cache"),
            new("c", 0.002, 0, 0, 10, 0, 0, RequestStatus.Rejected),
            Served("d", 0.003, 0, 30, 30),
        ];
        var s = Tracing.Summarize(traces);
        Assert.Equal((4, 2, 1, 1, 1), (s.Requests, s.Completed, s.TimedOut, s.Rejected, s.ServedByFallback));
        Assert.Equal(2, s.EndToEndMs.Count);
        Assert.Equal(10 + (0.99 * 20), s.EndToEndMs.P99, 9); // R7 over {10, 30} only: the timed-out 5300 ms is not a latency sample
        Assert.Equal(0, s.QueueMs.P99, 12); // the served requests never queued; the timed-out one's 5000 ms wait is not a sample
        Assert.Equal(5340 / 4000.0, s.MeanTimeInSystemSeconds, 12); // Little's law counts everyone
    }

    [Fact]
    public void Summarize_refuses_an_empty_trace_and_a_bad_fraction()
    {
        var e = Assert.Throws<ArgumentException>(() => Tracing.Summarize([]));
        Assert.Equal("trace", e.ParamName);
        var f = Assert.Throws<ArgumentOutOfRangeException>(() => Tracing.Summarize([Served("a", 0, 0, 1, 1)], slowestFraction: 1.5));
        Assert.Equal("slowestFraction", f.ParamName);
        Assert.Contains("1.5", f.Message);
    }

    [Fact]
    public void Summarize_rejects_impossible_records_built_in_memory()
    {
        RequestTrace good = new("a", 0, 10, 20, 100, 5, 100);
        var negative = ArgumentAssert.Bad("trace", () => Tracing.Summarize([good, good with { RequestId = "b", QueueMs = -5 }]));
        Assert.Contains("trace[1]", negative.Message);
        Assert.Contains("queue_ms", negative.Message);
        var backwards = ArgumentAssert.Bad("trace", () => Tracing.Summarize([good with { EndToEndMs = 25 }])); // e2e 25 < TTFT 30
        Assert.Contains("shorter than ttft_ms", backwards.Message);
    }

    [Theory]
    [InlineData(new double[] { 5, 1, 3 }, 0.5, 3)]              // sorted 1, 3, 5; h = 2 → the middle value
    [InlineData(new double[] { 10, 20, 30, 40 }, 0.5, 25)]      // h = 2.5 → 20 + 0.5 × 10
    [InlineData(new double[] { 10, 20, 30, 40 }, 0.99, 39.7)]   // h = 3.97 → 30 + 0.97 × 10
    [InlineData(new double[] { 7, 7, 1, 9 }, 0.25, 5.5)]        // sorted 1, 7, 7, 9; h = 1.75 → 1 + 0.75 × 6
    [InlineData(new double[] { 3, 9, 4 }, 1.0, 9)]              // p = 1 is the largest (no value after it)
    [InlineData(new double[] { 3, 9, 4 }, 0.0, 3)]
    [InlineData(new double[] { 42 }, 0.99, 42)]
    public void Percentile_is_hyndman_fan_type_7_worked_by_hand(double[] values, double p, double expected)
    {
        Assert.Equal(expected, Tracing.Percentile(values, p), 9);
    }

    [Fact]
    public void Slowest_takes_the_share_of_requests_as_written_and_averages_their_time_shares()
    {
        // 100 requests, e2e 1 … 100 ms; 7 % of 100 is 7 (binary floating point: 7.000000000000001, ceiling 8).
        var requests = Enumerable.Range(1, 100).Select(i => new RequestTrace($"r{i}", i, QueueMs: 0.25 * i, PrefillMs: 0.25 * i, 10, 10, EndToEndMs: i)).ToList();
        var slowest = Tracing.Slowest(requests, 0.07);
        Assert.Equal(7, slowest.Requests);
        Assert.Equal(0.25, slowest.QueueShare, 12);
        Assert.Equal(0.5, slowest.DecodeShare, 12);
        Assert.Equal((94 + 100) / 2.0, slowest.MeanEndToEndMs, 12);   // 94 … 100
        Assert.Equal(1, Tracing.Slowest(requests, 0.001).Requests);    // at least one
    }
}
