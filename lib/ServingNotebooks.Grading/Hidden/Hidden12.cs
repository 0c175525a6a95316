using ServingMath;

namespace ServingNotebooks.Grading.Hidden;

/// <summary>
/// Exercise 12's hidden cases: the learner's functions called with inputs the notebook never shows, each with the
/// library's answer. They live in the grader, never in the exercises library that the notebooks load (a learner who could
/// read them could hard-code them); everything else about the parts is the exercises library's spec.
/// </summary>
internal static class Hidden12
{
    // decode_by_batch.csv at 2 048 tokens of context (batches 1 … 128), the H100 steps the notebook does not use.
    private static readonly double[] Batches2048 = [1, 2, 4, 8, 16, 32, 64, 128];
    private static readonly double[] StepMs2048 = [7.8165, 7.8222, 7.8697, 8.109, 8.8156, 10.2666, 13.178, 19.4713];

    /// <summary>The hidden cases of each part that has a function, by part letter.</summary>
    internal static IReadOnlyDictionary<string, IReadOnlyList<PartCase>> Cases { get; } = new Dictionary<string, IReadOnlyList<PartCase>>
    {
        ["a"] =
        [
            PartCase.Of(Speculation.ExpectedTokensPerStep(0.62, 7), 0.62, 7),
            PartCase.Of(Speculation.ExpectedTokensPerStep(0.8, 4), 0.8, 4),
            PartCase.Of(Speculation.ExpectedTokensPerStep(1, 10), 1d, 10),
            PartCase.Of(Speculation.ExpectedTokensPerStep(0, 1), 0d, 1),
            PartCase.Of(Speculation.ExpectedTokensPerStep(0.9, 0), 0.9, 0),
        ],
        ["b"] =
        [
            PartCase.Of(Speculation.BestDraftLength(0.8, 0.05, 5), 0.8, 0.05, 5),
            PartCase.Of(Speculation.BestDraftLength(0.6, 0.02, 16), 0.6, 0.02, 16),
            PartCase.Of(Speculation.BestDraftLength(0, 0, 8), 0d, 0d, 8),
            PartCase.Of(Speculation.BestDraftLength(0.9, 0.1, 20), 0.9, 0.1, 20),
        ],
        ["c"] =
        [
            PartCase.Of(Speculation.BreakEvenBatch([1, 4, 16], [8, 8, 20], 0.6, 2, 0.05), new double[] { 1, 4, 16 }, new double[] { 8, 8, 20 }, 0.6, 2, 0.05),
            PartCase.Of(Speculation.BreakEvenBatch([1, 2, 4, 8, 16], [5, 5, 5, 5, 12], 0.5, 1, 0), new double[] { 1, 2, 4, 8, 16 }, new double[] { 5, 5, 5, 5, 12 }, 0.5, 1, 0d),
            PartCase.Of(Speculation.BreakEvenBatch([1, 2, 4], [10, 15, 40], 1, 1, 0.2), new double[] { 1, 2, 4 }, new double[] { 10, 15, 40 }, 1d, 1, 0.2),
            PartCase.Of(Speculation.BreakEvenBatch(Batches2048, StepMs2048, 0.6, 3, 0.05), Batches2048, StepMs2048, 0.6, 3, 0.05),
            PartCase.Of(Speculation.BreakEvenBatch(Batches2048, StepMs2048, 0.4, 1, 0.05), Batches2048, StepMs2048, 0.4, 1, 0.05),
        ],
    };
}
