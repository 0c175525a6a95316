using ServingMath;

namespace ServingNotebooks.Grading.Hidden;

/// <summary>
/// Exercise 7's hidden cases: the learner's functions called with inputs the notebook never shows, each with the
/// library's answer. They live in the grader, never in the exercises library that the notebooks load (a learner who could
/// read them could hard-code them); everything else about the parts is the exercises library's spec.
/// </summary>
internal static class Hidden07
{
    /// <summary>The hidden cases of each part that has a function, by part letter.</summary>
    internal static IReadOnlyDictionary<string, IReadOnlyList<PartCase>> Cases { get; } = new Dictionary<string, IReadOnlyList<PartCase>>
    {
        ["a"] =
        [
            PartCase.Of(Autoscaling.Replicas(90, 30, 0.75), 90d, 30d, 0.75),
            PartCase.Of(Autoscaling.Replicas(9, 3, 0.6), 9d, 3d, 0.6),
            PartCase.Of(Autoscaling.Replicas(1000, 7, 0.8), 1000d, 7d, 0.8),
        ],
        ["b"] =
        [
            PartCase.Of(Queueing.SquareRootStaffing(40, 0.5), 40d, 0.5),
            PartCase.Of(Queueing.SquareRootStaffing(100, 2), 100d, 2d),
            PartCase.Of(Queueing.SquareRootStaffing(0.64, 2.95), 0.64, 2.95),
            PartCase.Of(Queueing.SquareRootStaffing(0.01, 0.5), 0.01, 0.5),
        ],
        ["c"] =
        [
            PartCase.Of(Autoscaling.ReplicasForWaitSlo(5, 30, 0.1, 0.99), 5d, 30d, 0.1, 0.99),
            PartCase.Of(Autoscaling.ReplicasForWaitSlo(600, 30, 0.1, 0.99), 600d, 30d, 0.1, 0.99),
            PartCase.Of(Autoscaling.ReplicasForWaitSlo(1200, 30, 0.1, 0.99), 1200d, 30d, 0.1, 0.99),
            PartCase.Of(Autoscaling.ReplicasForWaitSlo(120, 30, 0, 0.99), 120d, 30d, 0d, 0.99),
        ],
    };
}
