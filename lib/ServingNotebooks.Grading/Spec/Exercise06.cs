using ServingMath;

namespace ServingNotebooks.Grading.Spec;

/// <summary>Exercise 6: Batch choice — the best batch under a limit, the Pareto front, the roofline crossover.</summary>
public static class Exercise06
{
    // The H100 and the Llama-3-8B shape the notebook uses (data/meta.json): bytes/s, FLOP/s, bytes, parameters, KV bytes per token.
    private const double Bandwidth = 3.021e12;
    private const double PeakFlops = 780e12;
    private const double Weights8B = 16_060_522_496;
    private const double Parameters8B = 8_030_261_248;
    private const double Kv8B = 131_072;

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
                HiddenCases =
                [
                    HiddenCase.Of(Batching.BestBatchIndex([100, 180, 240], [200, 450, 900], 150), new double[] { 100, 180, 240 }, new double[] { 200, 450, 900 }, 150d),
                    HiddenCase.Of(Batching.BestBatchIndex([137.8, 1065.9, 3914.2, 7077.3, 11550.9], [7.26, 7.51, 8.18, 9.04, 11.08], 10), new double[] { 137.8, 1065.9, 3914.2, 7077.3, 11550.9 }, new double[] { 7.26, 7.51, 8.18, 9.04, 11.08 }, 10d),
                    HiddenCase.Of(Batching.BestBatchIndex([50, 300, 200], [100, 400, 300], 1000), new double[] { 50, 300, 200 }, new double[] { 100, 400, 300 }, 1000d),
                ],
                Nudge = "Drop the options whose latency is above the limit, then take the highest throughput of the rest. What do you return when none is left?",
                Hint = "Among the options whose latency is within the limit, pick the highest throughput; return null when none is.",
                OffLimits = ["Batching.BestBatchIndex"],
                Points = 4,
            },
            new()
            {
                Name = "b",
                Title = "The Pareto front",
                AnswerVariable = "front",
                Kind = AnswerKind.IndexList,
                FunctionName = "ParetoFront",
                ExpectedFromData = data => Batching.ParetoFront(Context512Throughput(data), Context512Latency(data)).ToArray(),
                HiddenCases =
                [
                    Front([100, 180, 240, 150, 90], [200, 450, 900, 300, 250]),
                    Front([100, 100], [200, 200]),
                    Front([100, 100, 50], [200, 300, 100]),
                    Front([137.8, 1065.9, 711.6, 7077.3, 5167.2], [7.2576, 7.5051, 11.2428, 9.043, 12.3858]),
                    Front([42], [7]),
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
                HiddenCases =
                [
                    Crossover(Weights8B, Parameters8B, Kv8B, 256),
                    Crossover(Weights8B, Parameters8B, Kv8B, 512),
                    Crossover(Weights8B, Parameters8B, Kv8B, 474),
                    Crossover(141_107_412_992, 70_553_706_496, 327_680, 128),
                    HiddenCase.Of(Batching.RooflineCrossoverBatch(1e9, 1e9, 1e6, 1000, 1e12, 2e12), 1e9, 1e9, 1e6, 1000, 1e12, 2e12),
                ],
                Nudge = "Write both bounds as functions of B and move every B to one side. What if its coefficient is zero or negative?",
                Hint = "Compute-bound when 2·P·B / F > (W + B·T·k) / BW, i.e. B·(2·P·BW − T·k·F) > W·F: B = ⌊W·F / (2·P·BW − T·k·F)⌋ + 1, and null when 2·P·BW − T·k·F ≤ 0.",
                OffLimits = ["Batching.RooflineCrossoverBatch"],
                Points = 3,
            },
        ],
        Predictions = [new("predictedBest2048", "the best batch under 10 ms per token at 2048 tokens of context")],
    };

    private static HiddenCase Front(double[] throughput, double[] latency) =>
        HiddenCase.Of(Batching.ParetoFront(throughput, latency).ToArray(), throughput, latency);

    private static HiddenCase Crossover(double weights, double parameters, double kvBytes, int context) =>
        HiddenCase.Of(Batching.RooflineCrossoverBatch(weights, parameters, kvBytes, context, Bandwidth, PeakFlops), weights, parameters, kvBytes, context, Bandwidth, PeakFlops);

    // The notebook's figure data: context 512, the CUDA-graph steps then the eager ones (tokens/s and ms per step).
    private static double[] Context512Throughput(string data)
    {
        var steps = Context512(data);
        return [.. steps.Select(s => s.TokensPerSecond), .. steps.Select(s => s.Batch / s.EagerTpotMs * 1000)];
    }

    private static double[] Context512Latency(string data)
    {
        var steps = Context512(data);
        return [.. steps.Select(s => s.TpotMs), .. steps.Select(s => s.EagerTpotMs)];
    }

    private static List<DecodeStep> Context512(string data) =>
        [.. Measurements.LoadDecodeSteps(Path.Combine(data, "decode_by_batch.csv")).Where(s => s.ContextTokens == 512)];
}
