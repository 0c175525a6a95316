using ServingMath;

namespace ServingNotebooks.Grading.Hidden;

/// <summary>
/// Exercise 13's hidden cases: the learner's functions called with inputs the notebook never shows, each with the
/// library's answer. They live in the grader, never in the exercises library that the notebooks load.
/// </summary>
internal static class Hidden13
{
    private static readonly TensorParallelConfig H100 = TensorParallelConfig.Llama3_70B_H100;

    /// <summary>The hidden cases of each part that has a function, by part letter.</summary>
    internal static IReadOnlyDictionary<string, IReadOnlyList<PartCase>> Cases { get; } = new Dictionary<string, IReadOnlyList<PartCase>>
    {
        ["a"] =
        [
            Fit(141.1, 0.33554432, 64, 76.54, [1, 2, 4, 8]),     // 1 024-token requests: TP 4
            Fit(16.06, 1.07, 16, 76.54, [1, 2, 4, 8]),           // an 8B model fits one GPU
            Fit(16.06, 1.07, 16, 76.54, [2, 4, 8]),              // … but the first degree offered is 2
            Fit(35.28, 2.684, 64, 76.54, [1, 2, 4, 8]),          // int4 weights, many long requests
            Fit(100, 1, 0, 50, [1, 2, 4]),                       // exactly full fits
            Fit(141.1, 2.684, 200, 40, [1, 2, 4, 8]),            // a smaller GPU: nothing fits
        ],
        ["b"] =
        [
            Batch(4, 1d, 2048, 20d),
            Batch(8, 2d, 8192, 30d),
            Batch(4, 2d, 32768, 60d),   // long contexts: the memory stops the batch before the limit
            Batch(1, 1d, 1024, 30d),    // fp8 on one GPU
            Batch(8, 2d, 512, 8d),      // a limit no step meets (batch 1 takes 8.7 ms)
        ],
        ["c"] =
        [
            Cheapest(50_000d, 1024, 20d, 3d),
            Cheapest(2_000d, 4096, 50d, 2d),
            Cheapest(100_000d, 512, 15d, 4d),
            Cheapest(8_000d, 2048, 35d, 3.5),
        ],
    };

    private static PartCase Fit(double weightGb, double kvGbPerRequest, int concurrency, double usableGbPerGpu, int[] degrees) =>
        PartCase.Of(TensorParallel.SmallestDegreeThatFits(weightGb, kvGbPerRequest, concurrency, usableGbPerGpu, degrees), weightGb, kvGbPerRequest, concurrency, usableGbPerGpu, degrees);

    private static PartCase Batch(int degree, double bytesPerParameter, int contextTokens, double tpotLimitMs) =>
        PartCase.Of(TensorParallel.LargestBatch(H100, degree, bytesPerParameter, contextTokens, tpotLimitMs), degree, bytesPerParameter, contextTokens, tpotLimitMs);

    private static PartCase Cheapest(double targetTokensPerSecond, int contextTokens, double tpotLimitMs, double gpuHourlyCost) =>
        PartCase.Of(TensorParallel.CheapestLayout(H100, [1, 2, 4, 8], [2, 1], targetTokensPerSecond, contextTokens, tpotLimitMs, gpuHourlyCost)!.CostPerMillionTokens,
            targetTokensPerSecond, contextTokens, tpotLimitMs, gpuHourlyCost);
}
