using ServingMath;

namespace ServingNotebooks.Grading.Hidden;

/// <summary>
/// Exercise 8's hidden cases: the learner's functions called with inputs the notebook never shows, each with the
/// library's answer. They live in the grader, never in the exercises library that the notebooks load (a learner who could
/// read them could hard-code them); everything else about the parts is the exercises library's spec.
/// </summary>
internal static class Hidden08
{
    /// <summary>The hidden cases of each part that has a function, by part letter.</summary>
    internal static IReadOnlyDictionary<string, IReadOnlyList<PartCase>> Cases { get; } = new Dictionary<string, IReadOnlyList<PartCase>>
    {
        ["a"] =
        [
            PartCase.Of(ErrorBudget.AllowedFailures(1_000_000, 0.9999), 1_000_000L, 0.9999),
            PartCase.Of(ErrorBudget.AllowedFailures(2_500_000, 0.995), 2_500_000L, 0.995),
            PartCase.Of(ErrorBudget.AllowedFailures(999, 0.999), 999L, 0.999),
        ],
        ["b"] =
        [
            PartCase.Of(ErrorBudget.HourBudgetRunsOut([1, 1, 600, 500], 1_000_000, 0.999), new[] { 1, 1, 600, 500 }, 1_000_000L, 0.999),
            PartCase.Of(ErrorBudget.HourBudgetRunsOut([101], 1_000_000, 0.9999), new[] { 101 }, 1_000_000L, 0.9999),
            PartCase.Of(ErrorBudget.HourBudgetRunsOut([100], 1_000_000, 0.9999), new[] { 100 }, 1_000_000L, 0.9999),
            PartCase.Of(ErrorBudget.HourBudgetRunsOut([0, 0, 2], 1000, 0.999), new[] { 0, 0, 2 }, 1000L, 0.999),
            PartCase.Of(ErrorBudget.HourBudgetRunsOut([], 5000, 0.99), Array.Empty<int>(), 5000L, 0.99),
        ],
        ["c"] =
        [
            PartCase.Of(ErrorBudget.FirstToFire(0.0005, 0.0144, 0.999), 0.0005, 0.0144, 0.999),
            PartCase.Of(ErrorBudget.FirstToFire(0.0005, 0.01, 0.999), 0.0005, 0.01, 0.999),
            PartCase.Of(ErrorBudget.FirstToFire(0.0005, 0.002, 0.999), 0.0005, 0.002, 0.999),
            PartCase.Of(ErrorBudget.FirstToFire(0.0005, 0.0008, 0.999), 0.0005, 0.0008, 0.999),
        ],
    };
}
