using ServingMath;

namespace ServingNotebooks.Exercises.Spec;

/// <summary>Exercise 10: Trace checklist — auditing a collector's export, a percentile from the trace, where the slowest requests spent their time.</summary>
public static class Exercise10
{
    /// <summary>The exercise, with its hidden cases; every expected value is computed by ServingMath.</summary>
    public static Exercise Build() => new()
    {
        Number = 10,
        Notebook = "10-trace-checklist.ipynb",
        Title = "Trace checklist",
        Parts =
        [
            new()
            {
                Name = "a",
                Title = "Audit a collector's export: the records that break the trace's rules",
                AnswerVariable = "brokenRecords",
                Kind = AnswerKind.IndexList,
                FunctionName = "BrokenRecords",
                ExpectedFromData = data => Tracing.Audit(Path.Combine(data, "collector-export.jsonl")).Select(f => f.Record).ToArray(),
                VisibleCases =
                [
                    Audit([0, 5, 0], [10, 10, 10], [10, 15, 10], [2, 2.5, 0], [30, 35, 10], [11, 11, 1]),
                    Audit([0.1, 0, 1], [0.2, 20, 1], [0.3, 20, 2], [1, 3, 0], [2.3, 14, 1], [3, 3, 0]),
                ],
                Nudge = "Check each record against the relations between its own fields (TTFT from its parts, the last token after the first, TPOT from e2e, TTFT and the token count), and compare measured times to within 0.001 ms, not exactly.",
                Hint = "A record is broken when a duration is negative, |ttft − (queue + prefill)| > 0.001 ms, e2e < ttft, or tpot differs by more than 0.001 ms from (e2e − ttft) / (n − 1) (from 0 when n < 2). List the indexes in order, each once.",
                OffLimits = ["Tracing.Audit", "Tracing.ReadJsonLines", "Tracing.Summarize"],
                Points = 2,
            },
            new()
            {
                Name = "b",
                Title = "p99 TTFT from the trace",
                AnswerVariable = "p99TtftMs",
                Kind = AnswerKind.Number,
                FunctionName = "Percentile",
                ExpectedFromData = data => Tracing.Percentile(OkTtftMs(data), 0.99),
                VisibleCases =
                [
                    Percentile([1, 2, 3, 4, 5], 0.9),
                    Percentile([8, 2], 0),
                ],
                Nudge = "Sort first. Where between two sorted values does the p-th percentile fall? Try [3, 9, 4] at p = 1.",
                Hint = "Sort the N values into y; z = (N − 1)·p; take y[⌊z⌋] + (z − ⌊z⌋)·(y[⌊z⌋ + 1] − y[⌊z⌋]) (0-based) — and at p = 1 there is no y[⌊z⌋ + 1].",
                OffLimits = ["Tracing.Percentile", "Tracing.Summarize"],
                Points = 3,
            },
            new()
            {
                Name = "c",
                Title = "Where the slowest 1 % spent their time",
                AnswerVariable = "slowDecodeShare",
                Kind = AnswerKind.Number,
                FunctionName = "SlowestDecodeShare",
                ExpectedFromData = data => Tracing.Slowest([.. Ok(data)], 0.01).DecodeShare,
                VisibleCases =
                [
                    Slowest([0, 0, 0, 0], [10, 10, 10, 10], [100, 200, 300, 400], 0.5),
                    Slowest([5, 5], [5, 5], [20, 10], 0.01),
                ],
                Nudge = "How many requests are the slowest 1 % of 619? Order by end-to-end time, take those, and average each one's decode share.",
                Hint = "Of the N requests, take the ⌈N × fraction⌉ with the longest e2e (at least one; 7 % of 100 is 7, not 8), and average (e2e − queue − prefill) / e2e over them.",
                OffLimits = ["Tracing.Slowest", "Tracing.Summarize"],
                Points = 3,
            },
            Specs.Choice(
                "q1",
                "What a gauge can tell about one request",
                "One request was slow. What can a server gauge such as 'requests running' (sampled every 15 s) tell you about why?",
                "a",
                "A gauge describes the whole server at a moment; to explain one request you need its own timestamps (arrival, scheduled, first token, last token) and counts. The gauge can hint at load, but it answers none of the trace's questions about that request.",
                new("Nothing about that request itself: it describes the whole server at a moment."),
                new("The request's queue time.", "The queue time is the gap between that request's arrival and its scheduling: only its own timestamps give it."),
                new("The request's prompt length.", "The prompt length is a property of the request, recorded with it, not of the server.")),
            Specs.Choice(
                "q2",
                "First field to read for a slow TTFT",
                "Your p99 TTFT is 4× the median. In the slowest requests, which comparison tells you first whether they waited in the queue or spent long in prefill?",
                "a",
                "TTFT = queue wait + prefill. Comparing queue_ms with prefill_ms in the slow requests splits the two: a long queue points at load or scheduling (prefill of others, capacity), a long prefill at long prompts.",
                new("queue_ms against prefill_ms."),
                new("output_tokens.", "Output tokens come after the first token: they cannot explain a slow first token."),
                new("the model name.", "One deployment serves one model here; the name does not split TTFT into its parts.")),
        ],
        Predictions = [new("predictedP99EndToEndMs", "the p99 end-to-end latency of the sample trace, ms") { Unit = "ms", Reason = "A p99 is set by the slowest 1 % (here requests that queued behind long prefills, or wrote long answers), not by the typical request: it is often several times the median." }],
    };

    /// <summary>A case of (a): the records the library's audit finds in a trace with these columns (arrivals 0, 1, 2, … s).</summary>
    internal static PartCase Audit(double[] queueMs, double[] prefillMs, double[] ttftMs, double[] tpotMs, double[] e2eMs, int[] outputTokens)
    {
        static string Number(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        var lines = queueMs.Select((_, i) =>
            $"{{\"request_id\":\"r{i}\",\"arrival_s\":{i},\"queue_ms\":{Number(queueMs[i])},\"prefill_ms\":{Number(prefillMs[i])},\"ttft_ms\":{Number(ttftMs[i])}," +
            $"\"tpot_ms\":{Number(tpotMs[i])},\"prompt_tokens\":100,\"output_tokens\":{outputTokens[i]},\"e2e_ms\":{Number(e2eMs[i])},\"status\":\"ok\",\"fallback_path\":null}}");
        using var reader = new StringReader(string.Join('\n', lines));
        int[] broken = [.. Tracing.Audit(reader).Select(f => f.Record)];
        return PartCase.Of(broken, queueMs, prefillMs, ttftMs, tpotMs, e2eMs, outputTokens);
    }

    internal static PartCase Percentile(double[] values, double p) => PartCase.Of(Tracing.Percentile(values, p), values, p);

    internal static PartCase Slowest(double[] queueMs, double[] prefillMs, double[] e2eMs, double fraction)
    {
        var requests = e2eMs.Select((e2e, i) => new RequestTrace($"r{i}", i, queueMs[i], prefillMs[i], 100, 10, e2e)).ToList();
        return PartCase.Of(Tracing.Slowest(requests, fraction).DecodeShare, queueMs, prefillMs, e2eMs, fraction);
    }

    internal static double[] Hundred(Func<int, double> value) => [.. Enumerable.Range(1, 100).Select(value)];

    internal static IEnumerable<RequestTrace> Ok(string data) =>
        Tracing.ReadJsonLines(Path.Combine(data, "sample-trace.jsonl")).Where(t => t.Status == RequestStatus.Ok);

    internal static double[] OkTtftMs(string data) => [.. Ok(data).Select(t => t.TtftMs)];
}
