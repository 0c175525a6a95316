using static ServingNotebooks.Exercises.Spec.Exercise10;

namespace ServingNotebooks.Grading.Hidden;

/// <summary>
/// Exercise 10's hidden cases: the learner's functions called with inputs the notebook never shows, each with the
/// library's answer. They live in the grader, never in the exercises library that the notebooks load (a learner who could
/// read them could hard-code them); everything else about the parts is the exercises library's spec.
/// </summary>
internal static class Hidden10
{
    /// <summary>The hidden cases of each part that has a function, by part letter.</summary>
    internal static IReadOnlyDictionary<string, IReadOnlyList<PartCase>> Cases { get; } = new Dictionary<string, IReadOnlyList<PartCase>>
    {
        ["a"] =
        [
            Audit([0, 0, 3], [-1, 4, 4], [-1, 4, 7], [0, 1, 1], [0, 5, 8], [1, 2, 2]),
            Audit([0, 0, 0], [5, 5, 5], [5, 5, 5], [7, 7.0005, 7.002], [12, 12, 12], [2, 2, 2]),
            Audit([1, 1, 1, 1], [2, 2, 2, 2], [3, 3.0005, 3.0015, 3], [0.0004, 0, 0, 5], [3, 3.0005, 3.0015, 40], [1, 1, 1, 0]),
            Audit([12.5, 0.7, 0, 2], [40.25, 31.1, 9.9, 3], [52.75, 31.8, 9.9, 5], [10, 12, 0, 1], [1052.75, 271.8, 9.9, 4], [101, 21, 1, 2]),
        ],
        ["b"] =
        [
            Percentile([5, 1, 3], 0.5),
            Percentile([10, 20, 30, 40], 0.5),
            Percentile([10, 20, 30, 40], 0.99),
            Percentile([7, 7, 1, 9], 0.25),
            Percentile([3, 9, 4], 1.0),
            Percentile([42], 0.99),
        ],
        ["c"] =
        [
            Slowest(Hundred(i => i * i / 200.0), Hundred(_ => 0), Hundred(i => i), 0.07),
            Slowest([10, 0, 5], [20, 30, 25], [100, 1000, 50], 0.01),
            Slowest([10, 0, 5], [20, 30, 25], [100, 1000, 50], 1.0),
            Slowest([0, 300, 20, 5, 0], [30, 40, 35, 25, 30], [2000, 900, 5000, 400, 3000], 0.4),
        ],
    };
}
