using ServingMath;
using static ServingNotebooks.Exercises.Spec.Exercise02;

namespace ServingNotebooks.Grading.Hidden;

/// <summary>
/// Exercise 2's hidden cases: the learner's functions called with inputs the notebook never shows, each with the
/// library's answer. They live in the grader, never in the exercises library that the notebooks load (a learner who could
/// read them could hard-code them); everything else about the parts is the exercises library's spec.
/// </summary>
internal static class Hidden02
{
    /// <summary>The hidden cases of each part that has a function, by part letter.</summary>
    internal static IReadOnlyDictionary<string, IReadOnlyList<PartCase>> Cases { get; } = new Dictionary<string, IReadOnlyList<PartCase>>
    {
        ["a"] =
        [
            PartCase.Of(Queueing.Utilization(45, 50), 45d, 50d),
            PartCase.Of(Queueing.Utilization(7, 20), 7d, 20d),
            PartCase.Of(Queueing.Utilization(0, 10), 0d, 10d),
        ],
        ["b"] =
        [
            PartCase.Of(WaitMs(30, 50, 1), 30d, 50d, 1),
            PartCase.Of(WaitMs(45, 50, 1), 45d, 50d, 1),
            PartCase.Of(WaitMs(380, 50, 8), 380d, 50d, 8),
            PartCase.Of(WaitMs(0, 50, 3), 0d, 50d, 3),
        ],
        ["c"] =
        [
            PartCase.Of(Queueing.ServersForWaitProbability(3, 0.2), 3d, 0.2),
            PartCase.Of(Queueing.ServersForWaitProbability(0.5, 0.3), 0.5, 0.3),
            PartCase.Of(Queueing.ServersForWaitProbability(100, 0.05), 100d, 0.05),
            PartCase.Of(Queueing.ServersForWaitProbability(4, 0.999), 4d, 0.999),
        ],
    };
}
