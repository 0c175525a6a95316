using ServingMath;

namespace ServingNotebooks.Grading.Spec;

/// <summary>Exercise 10: Trace checklist — the fields, a percentile from the trace, where the slowest requests spent their time.</summary>
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
                Title = "Trace checklist",
                AnswerVariable = "fields",
                Kind = AnswerKind.NameList,
                Expected = Tracing.RequiredFields.ToArray(),
                NameSynonyms = Tracing.FieldSynonyms,
                Nudge = "one field per question, about this one request: a gauge of the whole server answers none, and a total is not a rate per token.",
                Hint = "A trace must let you rebuild each request's latency budget: queue, prefill/TTFT, TPOT, tokens, status and fallback.",
                Points = 4,
            },
            new()
            {
                Name = "b",
                Title = "p99 TTFT from the trace",
                AnswerVariable = "p99TtftMs",
                Kind = AnswerKind.Number,
                FunctionName = "Percentile",
                ExpectedFromData = data => Tracing.Percentile(OkTtftMs(data), 0.99),
                HiddenCases =
                [
                    Percentile([5, 1, 3], 0.5),
                    Percentile([10, 20, 30, 40], 0.5),
                    Percentile([10, 20, 30, 40], 0.99),
                    Percentile([7, 7, 1, 9], 0.25),
                    Percentile([3, 9, 4], 1.0),
                    Percentile([42], 0.99),
                ],
                Nudge = "Sort first. Where between two sorted values does the p-th percentile fall? Try [3, 9, 4] at p = 1.",
                Hint = "Sort; h = (n − 1)·p; take x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋ + 1] − x[⌊h⌋]) (0-based) — and at p = 1 there is no x[⌊h⌋ + 1].",
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
                HiddenCases =
                [
                    Slowest(Hundred(i => i * i / 200.0), Hundred(_ => 0), Hundred(i => i), 0.07),
                    Slowest([10, 0, 5], [20, 30, 25], [100, 1000, 50], 0.01),
                    Slowest([10, 0, 5], [20, 30, 25], [100, 1000, 50], 1.0),
                    Slowest([0, 300, 20, 5, 0], [30, 40, 35, 25, 30], [2000, 900, 5000, 400, 3000], 0.4),
                ],
                Nudge = "How many requests are the slowest 1 % of 619? Order by end-to-end time, take those, and average each one's decode share.",
                Hint = "Take the ⌈n × fraction⌉ requests with the longest e2e (at least one; 7 % of 100 is 7, not 8), and average (e2e − queue − prefill) / e2e over them.",
                OffLimits = ["Tracing.Slowest", "Tracing.Summarize"],
                Points = 3,
            },
        ],
        Predictions = [new("predictedP99TtftMs", "the p99 time to first token of the sample trace, ms")],
    };

    private static HiddenCase Percentile(double[] values, double p) => HiddenCase.Of(Tracing.Percentile(values, p), values, p);

    private static HiddenCase Slowest(double[] queueMs, double[] prefillMs, double[] e2eMs, double fraction)
    {
        var requests = e2eMs.Select((e2e, i) => new RequestTrace($"r{i}", i, queueMs[i], prefillMs[i], 100, 10, e2e)).ToList();
        return HiddenCase.Of(Tracing.Slowest(requests, fraction).DecodeShare, queueMs, prefillMs, e2eMs, fraction);
    }

    private static double[] Hundred(Func<int, double> value) => [.. Enumerable.Range(1, 100).Select(value)];

    private static IEnumerable<RequestTrace> Ok(string data) =>
        Tracing.ReadJsonLines(Path.Combine(data, "sample-trace.jsonl")).Where(t => t.Status == RequestStatus.Ok);

    private static double[] OkTtftMs(string data) => [.. Ok(data).Select(t => t.TtftMs)];
}
