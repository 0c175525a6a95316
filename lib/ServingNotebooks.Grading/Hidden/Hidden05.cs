using ServingMath;
using static ServingNotebooks.Exercises.Spec.Exercise05;

namespace ServingNotebooks.Grading.Hidden;

/// <summary>
/// Exercise 5's hidden cases: the learner's functions called with inputs the notebook never shows, each with the
/// library's answer. They live in the grader, never in the exercises library that the notebooks load (a learner who could
/// read them could hard-code them); everything else about the parts is the exercises library's spec.
/// </summary>
internal static class Hidden05
{
    /// <summary>The hidden cases of each part that has a function, by part letter.</summary>
    internal static IReadOnlyDictionary<string, IReadOnlyList<PartCase>> Cases { get; } = new Dictionary<string, IReadOnlyList<PartCase>>
    {
        ["a"] =
        [
            PartCase.Of(Cost.PerMillionTokens(2.5, 16_356.2), 2.5, 16_356.2),
            PartCase.Of(Cost.PerMillionTokens(12, 137.8), 12d, 137.8),
            PartCase.Of(Cost.PerMillionTokens(0, 500), 0d, 500d),
        ],
        ["b"] =
        [
            PartCase.Of(Cost.PerMillionTokensAtUtilization(3, 1000, 0.4), 3d, 1000d, 0.4),
            PartCase.Of(Cost.PerMillionTokensAtUtilization(2.5, 16_356.2, 1.0), 2.5, 16_356.2, 1d),
            PartCase.Of(Cost.PerMillionTokensAtUtilization(12, 137.8, 0.05), 12d, 137.8, 0.05),
            PartCase.Of(Cost.PerMillionTokensAtUtilization(0, 500, 0.3), 0d, 500d, 0.3),
        ],
        ["c"] =
        [
            PartCase.Of(Blended(3.6, 1000, 1000, 1, 1), 3.6, 1000d, 1000d, 1L, 1L),
            PartCase.Of(Blended(3.6, 2000, 500, 3, 1), 3.6, 2000d, 500d, 3L, 1L),
            PartCase.Of(Blended(10, 50_000, 2000, 0, 100), 10d, 50_000d, 2000d, 0L, 100L),
            PartCase.Of(Blended(3, 36_000, 4857, 2000, 300), 3d, 36_000d, 4857d, 2000L, 300L),
        ],
    };
}
