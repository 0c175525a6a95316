using ServingMath;
using static ServingNotebooks.Exercises.Spec.Exercise01;

namespace ServingNotebooks.Grading.Hidden;

/// <summary>
/// Exercise 1's hidden cases: the learner's functions called with inputs the notebook never shows, each with the
/// library's answer. They live in the grader, never in the exercises library that the notebooks load (a learner who could
/// read them could hard-code them); everything else about the parts is the exercises library's spec.
/// </summary>
internal static class Hidden01
{
    /// <summary>The hidden cases of each part that has a function, by part letter.</summary>
    internal static IReadOnlyDictionary<string, IReadOnlyList<PartCase>> Cases { get; } = new Dictionary<string, IReadOnlyList<PartCase>>
    {
        ["a"] =
        [
            PartCase.Of(Queueing.LittlesLaw(5, 3), 5d, 3d),
            PartCase.Of(Queueing.LittlesLaw(0.5, 10), 0.5, 10d),
            PartCase.Of(Queueing.LittlesLaw(250, 0.04), 250d, 0.04),
        ],
        ["b"] =
        [
            PartCase.Of(Queueing.MaxOutputTokens(1024, 200, 0.05, 0.02), 1024, 200d, 0.05, 0.02),
            PartCase.Of(Queueing.MaxOutputTokens(256, 12, 0.1, 0.015), 256, 12d, 0.1, 0.015),
            PartCase.Of(Queueing.MaxOutputTokens(1, 1, 0.9995, 0.01), 1, 1d, 0.9995, 0.01),
            PartCase.Of(Queueing.MaxOutputTokens(24, 100, 0.3, 0.01), 24, 100d, 0.3, 0.01),
        ],
        ["c"] =
        [
            Window([0, 1, 2], [2, 3, 5], 0, 4),
            Window([0, 1, 2], [2, 3, 5], 1.5, 2.5),
            Window([0.1, 0.2, 10], [0.3, 0.7, 11], 0.1, 0.5),
            Window([0, 0], [10, 10], 2, 4),
        ],
    };
}
