using ServingMath;

namespace ServingNotebooks.Exercises.Spec;

/// <summary>Exercise 13: A 70B model on several GPUs — the smallest TP degree that fits, the largest batch per degree, the cheapest layout.</summary>
public static class Exercise13
{
    // The notebook's inputs: Llama-3-70B on H100s (TensorParallelConfig.Llama3_70B_H100), bf16 weights in GB, the KV cache
    // of one 8 192-token request in GB, the degrees and the weight formats (bytes per weight) the notebook tries.
    internal static readonly TensorParallelConfig H100 = TensorParallelConfig.Llama3_70B_H100;
    internal static readonly double WeightGbBf16 = KvCache.Llama3_70B.Parameters * 2.0 / 1e9;
    internal static readonly double WeightGbFp8 = KvCache.Llama3_70B.Parameters * 1.0 / 1e9;
    internal static readonly double KvGbPerRequest = 8192.0 * KvCache.Llama3_70B.KvBytesPerToken / 1e9;
    internal static readonly int[] Degrees = [1, 2, 4, 8];
    internal static readonly double[] WeightFormats = [2, 1];

    /// <summary>The exercise; every expected value is computed by ServingMath.</summary>
    public static Exercise Build() => new()
    {
        Number = 13,
        Notebook = "13-multi-gpu-70b.ipynb",
        Title = "A 70B model on several GPUs",
        Parts =
        [
            new()
            {
                Name = "a",
                Title = "The smallest tensor-parallel degree that fits",
                AnswerVariable = "tpDegree",
                Kind = AnswerKind.NullableIndex,
                FunctionName = "SmallestTp",
                Expected = Fit(WeightGbBf16, KvGbPerRequest, 32, H100.UsableGbPerGpu, Degrees).Expected,
                VisibleCases =
                [
                    Fit(WeightGbFp8, KvGbPerRequest, 16, H100.UsableGbPerGpu, Degrees),
                    Fit(WeightGbBf16, KvGbPerRequest, 256, H100.UsableGbPerGpu, Degrees),
                ],
                Nudge = "Try the degrees in the order given. What does each GPU hold when the weights and every request's KV cache are split over g GPUs? And what if even the largest degree is too small?",
                Hint = "Return the first g in degrees with (weightGb + concurrency × kvGbPerRequest) / g ≤ usableGbPerGpu; null when none fits.",
                OffLimits = ["TensorParallel.SmallestDegreeThatFits"],
                Points = 2,
            },
            new()
            {
                Name = "b",
                Title = "The largest batch within memory and a TPOT limit",
                AnswerVariable = "largestBatch",
                Kind = AnswerKind.Integer,
                FunctionName = "LargestBatch",
                Expected = Batch(4, 2d, 2048, 20d).Expected,
                VisibleCases =
                [
                    Batch(8, 2d, 2048, 20d),
                    Batch(2, 2d, 2048, 20d),
                ],
                Nudge = "Two limits stop the batch: the memory of each GPU and the time of a step. Grow the batch one sequence at a time while both still hold. What if the first sequence already breaks one?",
                Hint = "The largest B ≥ 1 with (P·b/g + B·T·k_g) / 10⁹ ≤ G (k_g = TensorParallel.KvBytesPerTokenPerGpu(model70, g), G = llama70.UsableGbPerGpu) and TensorParallel.DecodeStep(llama70, g, B, T, b).StepMs ≤ the limit; 0 when B = 1 fails.",
                OffLimits = ["TensorParallel.LargestBatch", "TensorParallel.CheapestLayout"],
                Points = 3,
            },
            new()
            {
                Name = "c",
                Title = "The cheapest layout per million tokens",
                AnswerVariable = "cheapestCost",
                Kind = AnswerKind.Number,
                FunctionName = "CheapestCostPerMillion",
                Expected = Cheapest(20_000d, 2048, 25d, 3d).Expected,
                VisibleCases =
                [
                    Cheapest(20_000d, 2048, 30d, 3d),
                    Cheapest(5_000d, 8192, 40d, 2.5),
                ],
                Nudge = "Every weight format with every degree is a candidate layout. How many replicas does each need for the target, and how many GPUs is that? Skip the layouts that cannot meet the limit at all.",
                Hint = "For each bytes in weightFormats and g in degrees: B = LargestBatch(g, bytes, T, limit), skip B = 0; replicas = ⌈target / (B × 1000 / StepMs)⌉; GPUs = replicas × g; cost = GPUs × price / (target × 3600) × 10⁶; return the lowest.",
                OffLimits = ["TensorParallel.CheapestLayout"],
                Points = 3,
            },
            Specs.Choice(
                "q1",
                "Quantizing a memory-bound step",
                "A TP 4 replica of Llama-3-70B decodes 32 sequences of 2 048 tokens. You switch its weights from bf16 to fp8 (the KV cache stays bf16). What happens to the decode step?",
                "c",
                "Decode at this batch is memory-bound: the step is mostly the weight read, which halves with 1-byte weights. The KV read, the all-reduces and the overhead stay, so the step falls by less than half — and the memory freed (half the weights) holds more KV, so the replica can also run a larger batch.",
                new("It halves exactly: half the bytes, half the time.", "Half of which bytes? A decode step is more than its weight read: go through the parts of the step in the stacked bars above and ask which of them the weight format changes."),
                new("Nothing changes: the arithmetic is what limits decode.", "At batch 32 the arithmetic takes a fraction of the memory read; decode here is memory-bound, so fewer bytes help."),
                new("It falls by less than half: the weight read halves, the KV read, all-reduces and overhead stay.")),
            Specs.Choice(
                "q2",
                "Disaggregated prefill and decode",
                "DistServe (OSDI 2024) runs prefill and decode on separate pools of GPUs. When does that pay off?",
                "a",
                "Prefill is compute-bound and decode memory-bound; on one replica a long prefill stalls every running stream (TPOT spikes) and decoding batches delay new prompts (TTFT). Separate pools remove that interference and let each phase pick its own parallelism and batch to meet its own SLO — at the cost of moving each request's KV cache from the prefill pool to the decode pool (for a 2 048-token prompt of Llama-3-70B, 2 048 × 320 KiB ≈ 0.67 GB over the network).",
                new("When long prompts' prefills stall decoding and both a TTFT and a TPOT SLO must hold: each pool is sized and parallelized for its own phase."),
                new("Always: it halves the GPUs a model needs.", "It does not make the model smaller: each pool still holds all the weights, and there are now two kinds of replica."),
                new("When the KV cache is small, because nothing moves between the pools.", "The KV cache is exactly what moves: the prefill pool computes it and ships it to the decode pool.")),
        ],
        Predictions = [new("predictedSpeedup", "how many times faster a decode step (batch 32, 2 048 tokens of context) is on TP 8 than on TP 2") { Unit = "×", Reason = "Each GPU reads a quarter of the bytes at TP 8, but the fixed overhead per step and the 160 all-reduces per step do not shrink: they set a floor under the step time." }],
    };

    internal static PartCase Fit(double weightGb, double kvGbPerRequest, int concurrency, double usableGbPerGpu, int[] degrees) =>
        PartCase.Of(TensorParallel.SmallestDegreeThatFits(weightGb, kvGbPerRequest, concurrency, usableGbPerGpu, degrees), weightGb, kvGbPerRequest, concurrency, usableGbPerGpu, degrees);

    internal static PartCase Batch(int degree, double bytesPerParameter, int contextTokens, double tpotLimitMs) =>
        PartCase.Of(TensorParallel.LargestBatch(H100, degree, bytesPerParameter, contextTokens, tpotLimitMs), degree, bytesPerParameter, contextTokens, tpotLimitMs);

    internal static PartCase Cheapest(double targetTokensPerSecond, int contextTokens, double tpotLimitMs, double gpuHourlyCost) =>
        PartCase.Of(TensorParallel.CheapestLayout(H100, Degrees, WeightFormats, targetTokensPerSecond, contextTokens, tpotLimitMs, gpuHourlyCost)!.CostPerMillionTokens,
            targetTokensPerSecond, contextTokens, tpotLimitMs, gpuHourlyCost);
}
