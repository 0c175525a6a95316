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
                VisibleCases =
                [
                    PartCase.Of(Latency.EndToEnd(10, 80, 100, 12, 0), 10d, 80d, 100, 12d, 0d),
                    PartCase.Of(Latency.EndToEnd(0, 300, 500, 7.5, 10), 0d, 300d, 500, 7.5, 10d),
                ],
                Nudge = "Four parts add up; one of them is a count of tokens times a time per token.",
                Hint = "total = queue + prefill + outputTokens × TPOT + post (every output token costs one TPOT here).",
                OffLimits = ["Latency.EndToEnd", "Latency.Budget"],
                Points = 2,
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
                VisibleCases =
                [
                    PartCase.Of(Latency.MaxOutputTokens(1000, 50, 100, 25, 10), 1000d, 50d, 100d, 25d, 10d),
                    PartCase.Of(Latency.MaxOutputTokens(100, 50, 80, 10, 0), 100d, 50d, 80d, 10d, 0d),
                    PartCase.Of(Latency.MaxOutputTokens(1, 0, 0.1, 0.3, 0), 1d, 0d, 0.1, 0.3, 0d),
                ],
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
                VisibleCases =
                [
                    Median([50, 90], [10, 30], [5, 4]),
                    Median([200, 100, 300], [20, 10, 30], [1, 10, 31]),
                ],
                Nudge = "The first token is not a decode step: subtract TTFT, and count the tokens after the first. Skip requests with one token.",
                Hint = "TPOTᵢ = (e2eᵢ − TTFTᵢ) / (nᵢ − 1) for requests with nᵢ ≥ 2, then the median (the mean of the two middle values for an even count).",
                OffLimits = ["Tracing.Summarize", "Latency.TimePerOutputToken"],
                Points = 3,
            },
            Specs.Choice(
                "q1",
                "The knob that trades TTFT for TPOT",
                "In a vLLM-style server with chunked prefill, which setting trades time to first token against time per output token?",
                "a",
                "The per-step token budget (vLLM's max_num_batched_tokens) decides how much prefill rides in each step: a larger budget prefills prompts sooner (lower TTFT) but makes every decode step that shares the batch longer (higher TPOT); a smaller one does the opposite. vLLM's optimization guide says the same.",
                new("The per-step token budget (max_num_batched_tokens)."),
                new("The KV-cache block size.", "The block size changes how memory is allocated (waste of at most one partly filled block), not how prefill and decode share a step."),
                new("The sampling temperature.", "Temperature changes which token is chosen, not how long a step takes.")),
            Specs.Choice(
                "q2",
                "Where to look when answers start late",
                "Users of a streaming chat say answers take ages to start but read fine once they start. Which part of the latency budget do you look at first?",
                "b",
                "The wait before the first token is queueing plus prefill: TTFT. Smooth reading after that says TPOT is fine.",
                new("TPOT, the time per output token.", "TPOT sets how fast the answer streams once it has started, and users say that part is fine."),
                new("TTFT: the queue wait and the prefill of the prompt."),
                new("Post-processing after the last token.", "That happens after the answer has streamed; it cannot delay its start.")),
        ],
        Predictions = [new("predictedTpotBatch1Ms", "measured H100 TPOT at batch 1, context 2 048, ms") { Unit = "ms", Reason = "A decode step at batch 1 still reads every weight once: memory bandwidth sets the floor, so going from batch 32 to 1 saves far less than 32×." }],
    };

    /// <summary>A hidden case of (c), its expected median computed by the library from traces built from the arrays.</summary>
    internal static PartCase Median(double[] e2eMs, double[] ttftMs, int[] outputTokens)
    {
        var trace = e2eMs.Select((e2e, i) => new RequestTrace($"r{i}", i, 0, ttftMs[i], 0, outputTokens[i], e2e)).ToList();
        return PartCase.Of(Tracing.Summarize(trace).TpotMs.P50, e2eMs, ttftMs, outputTokens);
    }
}
