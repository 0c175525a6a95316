using ServingNotebooks.Exercises.Spec;

namespace ServingNotebooks.Grading.Hidden;

/// <summary>
/// Exercise 14's hidden cases: the learner's functions called with inputs the notebook never shows, each with the
/// library's answer (through the spec's helpers, which compute it with ServingMath). They live in the grader only.
/// </summary>
internal static class Hidden14
{
    /// <summary>The hidden cases of each part that has a function, by part letter.</summary>
    internal static IReadOnlyDictionary<string, IReadOnlyList<PartCase>> Cases { get; } = new Dictionary<string, IReadOnlyList<PartCase>>
    {
        ["a"] =
        [
            Exercise14.Quantile([0, 2, 4, 6], [0, 1, 2, 3, 3], 0.5),          // Prometheus test data: the middle of a bucket, 3
            Exercise14.Quantile([0.1, 0.2, 1], [50, 70, 110, 120], 1.0),      // q = 1: only +Inf reaches the rank, so 1
            Exercise14.Quantile([0.5, 1], [4, 8, 10], 0.25),                  // interpolated from 0 in the lowest bucket
            Exercise14.Quantile([0.1, 0.2], [50, 100, 100], 0.5),             // rank exactly on a cumulative count
        ],
        ["b"] =
        [
            Exercise14.Fleet(Exercise14.FleetBounds, Exercise14.FleetBefore, Exercise14.FleetAfter, 0.5),
            Exercise14.Fleet([1, 2], [[0, 0, 0]], [[5, 10, 10]], 0.75),
            Exercise14.Fleet([0.1, 0.5, 1], [[3, 5, 6, 6], [3, 5, 6, 6]], [[3, 5, 6, 6], [13, 25, 36, 40]], 0.9), // an idle replica
        ],
        ["c"] =
        [
            Exercise14.Corrected([5, 6, 7], 10, 0.5),       // nothing slower than the interval: unchanged
            Exercise14.Corrected([200, 100], 100, 0.5),     // a value exactly 2T hides one send of T
            Exercise14.Corrected([1000], 250, 0.5),         // 1000, 750, 500, 250
        ],
    };
}
