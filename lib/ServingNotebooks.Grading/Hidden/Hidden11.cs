using ServingMath;
using ServingNotebooks.Exercises.Spec;

namespace ServingNotebooks.Grading.Hidden;

/// <summary>
/// Exercise 11's hidden cases: the learner's functions called with inputs the notebook never shows, each with the
/// library's answer. They live in the grader, never in the exercises library that the notebooks load. Part (c)'s answers
/// come from the simulator, so they are computed on first use (<see cref="DeferredCases"/>), not when the grader loads.
/// </summary>
internal static class Hidden11
{
    private static readonly int[] H100Tokens = [128, 256, 512, 1_024, 2_048, 4_096, 8_192, 16_384];
    private static readonly double[] H100Ms = [23.212, 21.469, 21.102, 29.037, 56.716, 113.879, 248.808, 544.201];
    private static readonly int[] ThreePointTokens = [64, 512, 4_096];
    private static readonly double[] ThreePointMs = [5, 5, 61];

    /// <summary>The hidden cases of each part that has a function, by part letter.</summary>
    internal static IReadOnlyDictionary<string, IReadOnlyList<PartCase>> Cases { get; } = new Dictionary<string, IReadOnlyList<PartCase>>
    {
        ["a"] =
        [
            PartCase.Of(PrefixCaching.TokensSaved(1_000, [220, 60], [310, 130]), 1_000, new[] { 220, 60 }, new[] { 310, 130 }),
            PartCase.Of(PrefixCaching.TokensSaved(15, [1], [1]), 15, new[] { 1 }, new[] { 1 }),
            PartCase.Of(PrefixCaching.TokensSaved(4_096, [500, 300, 200, 100], [400, 350, 300, 250]), 4_096, new[] { 500, 300, 200, 100 }, new[] { 400, 350, 300, 250 }),
            PartCase.Of(PrefixCaching.TokensSaved(16, [16, 16, 16], [17, 15, 16]), 16, new[] { 16, 16, 16 }, new[] { 17, 15, 16 }),
        ],
        ["b"] = new DeferredCases(() =>
        [
            PartCase.Of(PrefixCaching.PrefillMsSaved(3_000, [120, 80, 60, 40], [400, 300, 200, 100], H100Tokens, H100Ms), 3_000, new[] { 120, 80, 60, 40 }, new[] { 400, 300, 200, 100 }, H100Tokens, H100Ms),
            PartCase.Of(PrefixCaching.PrefillMsSaved(100, [20_000], [10], H100Tokens, H100Ms), 100, new[] { 20_000 }, new[] { 10 }, H100Tokens, H100Ms),
            PartCase.Of(PrefixCaching.PrefillMsSaved(600, [50, 50], [64, 64], ThreePointTokens, ThreePointMs), 600, new[] { 50, 50 }, new[] { 64, 64 }, ThreePointTokens, ThreePointMs),
        ]),
        ["c"] = new DeferredCases(() =>
        [
            PartCase.Of(NotebookInputs.ReplicasForTtft(8, 45), 8d, 45d),
            PartCase.Of(NotebookInputs.ReplicasForTtft(4, 45), 4d, 45d),
            PartCase.Of(NotebookInputs.ReplicasForTtft(12, 100), 12d, 100d),
            PartCase.Of(NotebookInputs.ReplicasForTtft(8, 30), 8d, 30d),
        ]),
    };
}
