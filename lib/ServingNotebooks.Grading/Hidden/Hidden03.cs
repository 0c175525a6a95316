using ServingMath;
using static ServingNotebooks.Exercises.Spec.Exercise03;

namespace ServingNotebooks.Grading.Hidden;

/// <summary>
/// Exercise 3's hidden cases: the learner's functions called with inputs the notebook never shows, each with the
/// library's answer. They live in the grader, never in the exercises library that the notebooks load (a learner who could
/// read them could hard-code them); everything else about the parts is the exercises library's spec.
/// </summary>
internal static class Hidden03
{
    /// <summary>The hidden cases of each part that has a function, by part letter.</summary>
    internal static IReadOnlyDictionary<string, IReadOnlyList<PartCase>> Cases { get; } = new Dictionary<string, IReadOnlyList<PartCase>>
    {
        ["a"] =
        [
            PartCase.Of(Latency.EndToEnd(0, 57, 200, 8.2, 3), 0d, 57d, 200, 8.2, 3d),
            PartCase.Of(Latency.EndToEnd(150, 29, 1, 10, 0), 150d, 29d, 1, 10d, 0d),
            PartCase.Of(Latency.EndToEnd(5, 250, 0, 12, 20), 5d, 250d, 0, 12d, 20d),
        ],
        ["b"] =
        [
            PartCase.Of(Latency.MaxOutputTokens(100, 0, 79, 0.07, 0), 100d, 0d, 79d, 0.07, 0d),
            PartCase.Of(Latency.MaxOutputTokens(500, 20, 57, 10.3, 5), 500d, 20d, 57d, 10.3, 5d),
            PartCase.Of(Latency.MaxOutputTokens(50, 20, 57, 10, 5), 50d, 20d, 57d, 10d, 5d),
            PartCase.Of(Latency.MaxOutputTokens(1.2, 0, 0.3, 0.3, 0), 1.2, 0d, 0.3, 0.3, 0d),
        ],
        ["c"] =
        [
            Median([110, 220, 330], [10, 20, 30], [11, 21, 31]),
            Median([100, 300, 50, 1000], [10, 20, 50, 100], [10, 8, 1, 4]),
            Median([30, 70], [10, 10], [3, 5]),
            Median([0.3, 0.7, 0.9], [0.1, 0.1, 0.2], [2, 3, 2]),
        ],
    };
}
