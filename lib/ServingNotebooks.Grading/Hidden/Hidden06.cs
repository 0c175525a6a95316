using ServingMath;
using static ServingNotebooks.Exercises.Spec.Exercise06;

namespace ServingNotebooks.Grading.Hidden;

/// <summary>
/// Exercise 6's hidden cases: the learner's functions called with inputs the notebook never shows, each with the
/// library's answer. They live in the grader, never in the exercises library that the notebooks load (a learner who could
/// read them could hard-code them); everything else about the parts is the exercises library's spec.
/// </summary>
internal static class Hidden06
{
    /// <summary>The hidden cases of each part that has a function, by part letter.</summary>
    internal static IReadOnlyDictionary<string, IReadOnlyList<PartCase>> Cases { get; } = new Dictionary<string, IReadOnlyList<PartCase>>
    {
        ["a"] =
        [
            PartCase.Of(Batching.BestBatchIndex([100, 180, 240], [200, 450, 900], 150), new double[] { 100, 180, 240 }, new double[] { 200, 450, 900 }, 150d),
            PartCase.Of(Batching.BestBatchIndex([137.8, 1065.9, 3914.2, 7077.3, 11550.9], [7.26, 7.51, 8.18, 9.04, 11.08], 10), new double[] { 137.8, 1065.9, 3914.2, 7077.3, 11550.9 }, new double[] { 7.26, 7.51, 8.18, 9.04, 11.08 }, 10d),
            PartCase.Of(Batching.BestBatchIndex([50, 300, 200], [100, 400, 300], 1000), new double[] { 50, 300, 200 }, new double[] { 100, 400, 300 }, 1000d),
        ],
        ["b"] =
        [
            Front([100, 180, 240, 150, 90], [200, 450, 900, 300, 250]),
            Front([100, 100], [200, 200]),
            Front([100, 100, 50], [200, 300, 100]),
            Front([137.8, 1065.9, 711.6, 7077.3, 5167.2], [7.2576, 7.5051, 11.2428, 9.043, 12.3858]),
            Front([42], [7]),
        ],
        ["c"] =
        [
            Crossover(Weights8B, Parameters8B, Kv8B, 256),
            Crossover(Weights8B, Parameters8B, Kv8B, 512),
            Crossover(Weights8B, Parameters8B, Kv8B, 474),
            Crossover(141_107_412_992, 70_553_706_496, 327_680, 128),
            PartCase.Of(Batching.RooflineCrossoverBatch(1e9, 1e9, 1e6, 1000, 1e12, 2e12), 1e9, 1e9, 1e6, 1000, 1e12, 2e12),
        ],
    };
}
