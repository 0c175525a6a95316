using ServingMath;

namespace ServingNotebooks.Grading.Spec;

/// <summary>Exercise 8: Error budget.</summary>
public static class Exercise08
{
    /// <summary>The exercise, with its hidden cases; every expected value is computed by ServingMath.</summary>
    public static Exercise Build() => new()
    {
        Number = 8,
        Notebook = "08-error-budget.ipynb",
        Title = "Error budget",
        AnswerVariable = "allowed",
        Kind = AnswerKind.Integer,
        FunctionName = "AllowedFailures",
        Expected = ErrorBudget.AllowedFailures(1_000_000, 0.999),
        HiddenCases =
        [
            HiddenCase.Of(ErrorBudget.AllowedFailures(1_000_000, 0.9999), 1_000_000L, 0.9999),
            HiddenCase.Of(ErrorBudget.AllowedFailures(2_500_000, 0.995), 2_500_000L, 0.995),
            HiddenCase.Of(ErrorBudget.AllowedFailures(999, 0.999), 999L, 0.999),
        ],
        Hint = "allowed = ⌊requests × (1 − SLO)⌋ — 1 − 0.9999 is not exactly 0.0001 in binary.",
    };
}
