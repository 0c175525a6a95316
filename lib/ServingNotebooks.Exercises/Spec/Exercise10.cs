using ServingMath;

namespace ServingNotebooks.Exercises.Spec;

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
                Nudge = "How many requests are the slowest 1 % of 619? Order by end-to-end time, take those, and average each one's decode share.",
                Hint = "Take the ⌈n × fraction⌉ requests with the longest e2e (at least one; 7 % of 100 is 7, not 8), and average (e2e − queue − prefill) / e2e over them.",
                OffLimits = ["Tracing.Slowest", "Tracing.Summarize"],
                Points = 3,
            },
        ],
        Predictions = [new("predictedP99TtftMs", "the p99 time to first token of the sample trace, ms")],
    };

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
