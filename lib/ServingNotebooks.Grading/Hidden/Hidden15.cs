using ServingMath;
using ServingNotebooks.Exercises.Spec;

namespace ServingNotebooks.Grading.Hidden;

/// <summary>
/// Exercise 15's hidden cases: the learner's functions called with inputs the notebook never shows, each with the
/// library's answer. They live in the grader, never in the exercises library that the notebooks load.
/// </summary>
internal static class Hidden15
{
    /// <summary>The hidden cases of each part that has a function, by part letter.</summary>
    internal static IReadOnlyDictionary<string, IReadOnlyList<PartCase>> Cases { get; } = new Dictionary<string, IReadOnlyList<PartCase>>
    {
        ["a"] =
        [
            PartCase.Of(ScaleUpLag.QueuedRequests([200, 50, 200], 100, 3), new double[] { 200, 50, 200 }, 100d, 3),
            PartCase.Of(ScaleUpLag.QueuedRequests([500, 500], 100, 0), new double[] { 500, 500 }, 100d, 0),
            PartCase.Of(ScaleUpLag.QueuedRequests([90, 130, 80, 140, 160], 100, 5), new double[] { 90, 130, 80, 140, 160 }, 100d, 5),
        ],
        ["b"] =
        [
            PartCase.Of(HorizontalAutoscaler.Replicas([12, 12, 12], 10, 1, 3), new double[] { 12, 12, 12 }, 10, 1d, 3),
            PartCase.Of(HorizontalAutoscaler.Replicas([0, 0, 0, 0, 50, 0], 5, 10, 3), new double[] { 0, 0, 0, 0, 50, 0 }, 5, 10d, 3),
            PartCase.Of(HorizontalAutoscaler.Replicas([200, 200, 10], 2, 5, 5), new double[] { 200, 200, 10 }, 2, 5d, 5),
        ],
        ["c"] =
        [
            PartCase.Of(Exercise15.CheapestGpuHours(200, 1.5, 30, 0.001), 200d, 1.5, 30d, 0.001),
            PartCase.Of(Exercise15.CheapestGpuHours(200, 1.5, 188.03, 0.01), 200d, 1.5, 188.03, 0.01),
            PartCase.Of(Exercise15.CheapestGpuHours(50, 3, 240, 0.001), 50d, 3d, 240d, 0.001),
        ],
    };
}
