using ServingMath;

namespace ServingNotebooks.Exercises.Spec;

/// <summary>Exercise 6: Batch choice — the best batch under a limit, the Pareto front, the roofline crossover.</summary>
public static class Exercise06
{
    // The H100 and the Llama-3-8B shape the notebook uses (data/meta.json): bytes/s, FLOP/s, bytes, parameters, KV bytes per token.
    internal const double Bandwidth = 3.021e12;
    internal const double PeakFlops = 780e12;
    internal const double Weights8B = 16_060_522_496;
    internal const double Parameters8B = 8_030_261_248;
    internal const double Kv8B = 131_072;

    /// <summary>The exercise, with its hidden cases; every expected value is computed by ServingMath.</summary>
    public static Exercise Build() => new()
    {
        Number = 6,
        Notebook = "06-batch-choice.ipynb",
        Title = "Batch choice",
        Parts =
        [
            new()
            {
                Name = "a",
                Title = "Batch choice",
                AnswerVariable = "best",
                Kind = AnswerKind.NullableIndex,
                FunctionName = "BestBatch",
                Expected = Batching.BestBatchIndex([100, 180, 240], [200, 450, 900], 500),
                VisibleCases =
                [
                    PartCase.Of(Batching.BestBatchIndex([100, 200], [600, 700], 500), new double[] { 100, 200 }, new double[] { 600, 700 }, 500d),
                    PartCase.Of(Batching.BestBatchIndex([100, 300, 300], [100, 400, 300], 500), new double[] { 100, 300, 300 }, new double[] { 100, 400, 300 }, 500d),
                ],
                Nudge = "Drop the options whose latency is above the limit, then take the highest throughput of the rest. What do you return when none is left?",
                Hint = "Among the options whose latency is within the limit, pick the highest throughput; return null when none is.",
                OffLimits = ["Batching.BestBatchIndex"],
                Points = 2,
            },
            new()
            {
                Name = "b",
                Title = "The Pareto front",
                AnswerVariable = "front",
                Kind = AnswerKind.IndexList,
                FunctionName = "ParetoFront",
                ExpectedFromData = data => Batching.ParetoFront(Context512Throughput(data), Context512Latency(data)).ToArray(),
                VisibleCases =
                [
                    Front([1, 2, 3], [1, 2, 3]),
                    Front([5, 4, 3], [1, 2, 3]),
                ],
                Nudge = "Compare every option with every other one. An option stays unless some other option is at least as good on both counts and better on one.",
                Hint = "Keep an option unless another has at least its throughput and at most its latency, and is strictly better in one; sort what is left by latency (ties: the lower index).",
                OffLimits = ["Batching.ParetoFront"],
                Points = 3,
            },
            new()
            {
                Name = "c",
                Title = "The roofline crossover batch",
                AnswerVariable = "crossoverBatch",
                Kind = AnswerKind.NullableIndex,
                FunctionName = "CrossoverBatch",
                Expected = Batching.RooflineCrossoverBatch(Weights8B, Parameters8B, Kv8B, 0, Bandwidth, PeakFlops),
                VisibleCases =
                [
                    Crossover(Weights8B, Parameters8B, Kv8B, 1024),
                    Crossover(Weights8B, Parameters8B, Kv8B, 100_000),
                ],
                Nudge = "Write both bounds as functions of B and move every B to one side. What if its coefficient is zero or negative?",
                Hint = "Compute-bound when 2·P·B / F > (M + B·T·k) / BW, i.e. B·(2·P·BW − T·k·F) > M·F: B = ⌊M·F / (2·P·BW − T·k·F)⌋ + 1, and null when 2·P·BW − T·k·F ≤ 0.",
                OffLimits = ["Batching.RooflineCrossoverBatch"],
                Points = 3,
            },
            Specs.Choice(
                "q1",
                "Batch 8 to 64 on a memory-bound GPU",
                "On a GPU whose decode is memory-bound, you raise the batch from 8 to 64 sequences. What happens?",
                "a",
                "Each step reads the weights once whatever the batch, so while decode is memory-bound a larger batch makes several times the tokens per step for a small increase in step time (the KV reads grow with the batch). That is why serving batches, and why the TPOT limit, not memory bandwidth, usually ends it.",
                new("Throughput rises several-fold; TPOT grows only a little."),
                new("Throughput and TPOT stay the same.", "Each step now makes 64 tokens instead of 8 for nearly the same time: throughput rises."),
                new("TPOT grows 8×, so throughput stays the same.", "A memory-bound step is dominated by reading the weights, which does not grow with the batch.")),
            Specs.Choice(
                "q2",
                "Why not the highest throughput",
                "Why is 'the batch with the highest throughput' the wrong default for an interactive service?",
                "a",
                "Throughput grows with the batch while each user's TPOT (and TTFT) grows too; the right choice is the best throughput among the options that meet the latency limit, which is what part (a) computes.",
                new("It may break the latency SLO: choose the best throughput among options that meet the limit."),
                new("A larger batch uses less KV memory.", "Each sequence in the batch holds its own KV cache, so a larger batch uses more memory, not less."),
                new("Throughput does not affect cost.", "Cost per token is the hourly cost divided by delivered tokens: throughput is most of it.")),
        ],
        Predictions = [new("predictedBest2048", "the best batch under 10 ms per token at 2048 tokens of context") { Unit = "sequences", Reason = "At 2 048 tokens of context every sequence's KV cache is read on every step, so the step time grows faster with the batch than at 512: the 10 ms limit is reached at a smaller batch." }],
    };

    internal static PartCase Front(double[] throughput, double[] latency) =>
        PartCase.Of(Batching.ParetoFront(throughput, latency).ToArray(), throughput, latency);

    internal static PartCase Crossover(double weights, double parameters, double kvBytes, int context) =>
        PartCase.Of(Batching.RooflineCrossoverBatch(weights, parameters, kvBytes, context, Bandwidth, PeakFlops), weights, parameters, kvBytes, context, Bandwidth, PeakFlops);

    // The notebook's figure data: context 512, the CUDA-graph steps then the eager ones (tokens/s and ms per step).
    internal static double[] Context512Throughput(string data)
    {
        var steps = Context512(data);
        return [.. steps.Select(s => s.TokensPerSecond), .. steps.Select(s => s.Batch / s.EagerTpotMs * 1000)];
    }

    internal static double[] Context512Latency(string data)
    {
        var steps = Context512(data);
        return [.. steps.Select(s => s.TpotMs), .. steps.Select(s => s.EagerTpotMs)];
    }

    internal static List<DecodeStep> Context512(string data) =>
        [.. Measurements.LoadDecodeSteps(Path.Combine(data, "decode_by_batch.csv")).Where(s => s.ContextTokens == 512)];
}
