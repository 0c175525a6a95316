using ServingMath;
using static ServingNotebooks.Exercises.Spec.Exercise04;

namespace ServingNotebooks.Grading.Hidden;

/// <summary>
/// Exercise 4's hidden cases: the learner's functions called with inputs the notebook never shows, each with the
/// library's answer. They live in the grader, never in the exercises library that the notebooks load (a learner who could
/// read them could hard-code them); everything else about the parts is the exercises library's spec.
/// </summary>
internal static class Hidden04
{
    /// <summary>The hidden cases of each part that has a function, by part letter.</summary>
    internal static IReadOnlyDictionary<string, IReadOnlyList<PartCase>> Cases { get; } = new Dictionary<string, IReadOnlyList<PartCase>>
    {
        ["a"] =
        [
            PartCase.Of(KvCache.MaxConcurrentRequests(0.3, 0.1), 0.3, 0.1),
            PartCase.Of(KvCache.MaxConcurrentRequests(60, 0.7), 60d, 0.7),
            PartCase.Of(KvCache.MaxConcurrentRequests(1.2, 0.05), 1.2, 0.05),
        ],
        ["b"] =
        [
            Context(1000, 80, 64, 128, 2, 1024),
            Context(0.5, 32, 8, 128, 2, 1),
            Context(80, 80, 8, 128, 1, 256),
            Context(1, 32, 32, 128, 2, 3000),
        ],
        ["c"] =
        [
            Paged(1, 131_072, 16, 16),
            Paged(1, 131_072, 17, 16),
            Paged(2.01, 100_000, 201, 3),
            Paged(0.001, 131_072, 2050, 16),
        ],
    };
}
