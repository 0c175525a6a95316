using ServingMath;

namespace ServingNotebooks.Exercises.Spec;

/// <summary>Exercise 3: Latency budget.</summary>
public static class Exercise03
{
    /// <summary>The exercise, with its hidden cases; every expected value is computed by ServingMath.</summary>
    public static Exercise Build() => new()
    {
        Number = 3,
        Notebook = "03-latency-budget.ipynb",
        Title = "Latency budget",
        Parts =
        [
            new()
            {
                Name = "a",
                Title = "Latency budget",
                AnswerVariable = "total",
                Kind = AnswerKind.Number,
                FunctionName = "EndToEndMs",
                Expected = Latency.EndToEnd(20, 100, 40, 15, 5),
                Nudge = "Four parts add up; one of them is a count of tokens times a time per token.",
                Hint = "total = queue + prefill + outputTokens × TPOT + post (every output token costs one TPOT here).",
                OffLimits = ["Latency.EndToEnd", "Latency.Budget"],
                Points = 4,
            },
            new()
            {
                Name = "b",
                Title = "The longest answer that meets a budget",
                AnswerVariable = "maxTokens",
                Kind = AnswerKind.Integer,
                FunctionName = "MaxOutputTokens",
                ExpectedFromData = data =>
                {
                    var (prefillMs, tpotMs) = NotebookInputs.H100PrefillAndTpot(data, promptTokens: 2048, batch: 32);
                    return Latency.MaxOutputTokens(500, 20, prefillMs, tpotMs, 5);
                },
                Nudge = "Take the fixed parts out of the budget first; what is left is spent one TPOT per token. Can the result be negative?",
                Hint = "n = ⌊(budget − queue − prefill − post) / TPOT⌋, at least 0; divide the decimals as written ((100 − 79) / 0.07 is 300, not 299).",
                OffLimits = ["Latency.MaxOutputTokens"],
                Points = 3,
            },
            new()
            {
                Name = "c",
                Title = "TPOT measured on a trace",
                AnswerVariable = "medianTpot",
                Kind = AnswerKind.Number,
                FunctionName = "MedianTpotMs",
                ExpectedFromData = data => Tracing.Summarize(Tracing.ReadJsonLines(Path.Combine(data, "sample-trace.jsonl"))).TpotMs.P50,
                Nudge = "The first token is not a decode step: subtract TTFT, and count the tokens after the first. Skip requests with one token.",
                Hint = "TPOTᵢ = (e2eᵢ − TTFTᵢ) / (nᵢ − 1) for requests with nᵢ ≥ 2, then the median (the mean of the two middle values for an even count).",
                OffLimits = ["Tracing.Summarize", "Latency.TimePerOutputToken"],
                Points = 3,
            },
        ],
        Predictions = [new("predictedTpotBatch1Ms", "measured H100 TPOT at batch 1, context 2 048, ms")],
    };

    /// <summary>A hidden case of (c), its expected median computed by the library from traces built from the arrays.</summary>
    internal static PartCase Median(double[] e2eMs, double[] ttftMs, int[] outputTokens)
    {
        var trace = e2eMs.Select((e2e, i) => new RequestTrace($"r{i}", i, 0, ttftMs[i], 0, outputTokens[i], e2e)).ToList();
        return PartCase.Of(Tracing.Summarize(trace).TpotMs.P50, e2eMs, ttftMs, outputTokens);
    }
}
