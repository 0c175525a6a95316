using ServingMath;
using static ServingNotebooks.Exercises.Spec.Exercise09;

namespace ServingNotebooks.Grading.Hidden;

/// <summary>
/// Exercise 9's hidden cases: the learner's functions called with inputs the notebook never shows, each with the
/// library's answer. They live in the grader, never in the exercises library that the notebooks load (a learner who could
/// read them could hard-code them); everything else about the parts is the exercises library's spec.
/// </summary>
internal static class Hidden09
{
    /// <summary>The hidden cases of each part that has a function, by part letter.</summary>
    internal static IReadOnlyDictionary<string, IReadOnlyList<PartCase>> Cases { get; } = new Dictionary<string, IReadOnlyList<PartCase>>
    {
        ["a"] =
        [
            PartCase.Of(Degradation.BestAction([2000, 1200, 900], [1.0, 0.95, 0.90], 500), new double[] { 2000, 1200, 900 }, new double[] { 1.0, 0.95, 0.90 }, 500d),
            PartCase.Of(Degradation.BestAction([400, 800, 1500], [0.7, 0.9, 1.0], 2000), new double[] { 400, 800, 1500 }, new double[] { 0.7, 0.9, 1.0 }, 2000d),
            PartCase.Of(Degradation.BestAction([300, 250, 900], [0.8, 0.85, 0.99], 600), new double[] { 300, 250, 900 }, new double[] { 0.8, 0.85, 0.99 }, 600d),
        ],
        ["b"] =
        [
            Goodput(5, 30, 1, 20, 9, 120, 10),
            Goodput(5, 30, 1, 20, 10.5, 120, 10),
            Goodput(5, 30, 1, 130, 9, 120, 10),
            Goodput(60, 30, 2, 20, 9, 120, 10),
            Goodput(0, 30, 1, 20, 9, 120, 10),
        ],
        ["c"] =
        [
            BestGoodput(150, 6, [20, 30, 30, 60], [250, 29, 29, 29], [22, 45, 9, 9], 200, 40),
            BestGoodput(150, 6, [20, 30], [250, 29], [22, 45], 200, 40),
            BestGoodput(10, 1, [30, 60, 60], [20, 20, 20], [9, 9, 9], 120, 10),
            BestGoodput(100, 4, [30, 40], [29, 29], [9, 12], 150, 12),
        ],
    };
}
