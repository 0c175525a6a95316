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
            PartCase.Of(Fleet(3, [137.8, 986.6, 4856.6, 6573.8], [7.8, 8.1, 13.2, 19.5], 1000, 9), 3d, new double[] { 137.8, 986.6, 4856.6, 6573.8 }, new double[] { 7.8, 8.1, 13.2, 19.5 }, 1000d, 9d),
            PartCase.Of(Fleet(3, [137.8, 986.6, 4856.6, 6573.8], [7.8, 8.1, 13.2, 19.5], 50_000, 50), 3d, new double[] { 137.8, 986.6, 4856.6, 6573.8 }, new double[] { 7.8, 8.1, 13.2, 19.5 }, 50_000d, 50d),
            PartCase.Of(Fleet(1, [1000, 1900], [5, 6], 1900, 10), 1d, new double[] { 1000, 1900 }, new double[] { 5, 6 }, 1900d, 10d),
            PartCase.Of(Fleet(3, [100, 200], [5, 6], 50, 5), 3d, new double[] { 100, 200 }, new double[] { 5, 6 }, 50d, 5d),
        ],
        ["c"] =
        [
            Trace(3.6, 1000, 1000, [1], [1]),
            Trace(3.6, 2000, 500, [3, 0], [0, 1]),
            Trace(10, 50_000, 2000, [0, 0, 0], [40, 60, 0]),
            Trace(3, 36_000, 4857, [2000, 1500, 500], [300, 0, 700]),
        ],
    };
}
