using ServingMath;

namespace ServingNotebooks.Exercises.Spec;

/// <summary>Exercise 8: Error budget — allowed failures, time to exhaustion, which alert fires first.</summary>
public static class Exercise08
{
    /// <summary>The exercise, with its hidden cases; every expected value is computed by ServingMath.</summary>
    public static Exercise Build() => new()
    {
        Number = 8,
        Notebook = "08-error-budget.ipynb",
        Title = "Error budget",
        Parts =
        [
            new()
            {
                Name = "a",
                Title = "Error budget",
                AnswerVariable = "allowed",
                Kind = AnswerKind.Integer,
                FunctionName = "AllowedFailures",
                Expected = ErrorBudget.AllowedFailures(1_000_000, 0.999),
                Nudge = "The SLO allows the fraction 1 − SLO of the requests to fail, rounded down. Does 1 000 000 at 99.99 % give exactly 100?",
                Hint = "allowed = ⌊requests × (1 − SLO)⌋ — 1 − 0.9999 is not exactly 0.0001 in binary.",
                OffLimits = ["ErrorBudget.AllowedFailures"],
                Points = 4,
            },
            new()
            {
                Name = "b",
                Title = "Burn rate and time to exhaustion",
                AnswerVariable = "hoursLeft",
                Kind = AnswerKind.Number,
                FunctionName = "HoursToExhaustion",
                Expected = Hours(0.05, 0.999, 30, 1),
                Nudge = "How many times faster than the even rate does the budget burn? The even rate spends all of it in the whole window.",
                Hint = "burn rate b = error rate / (1 − SLO); hours left = window days × 24 × budget left / b.",
                OffLimits = ["ErrorBudget.TimeToExhaustion", "ErrorBudget.BurnRate"],
                Points = 3,
            },
            new()
            {
                Name = "c",
                Title = "Which SRE Workbook alert fires first",
                AnswerVariable = "firstAlert",
                Kind = AnswerKind.NullableIndex,
                FunctionName = "FirstAlert",
                Expected = ErrorBudget.FirstToFire(0.0005, 0.05, 0.999),
                Nudge = "For each rule, when does the mean over its long window first reach its threshold? Some never do. Try an incident of exactly 1.44 %.",
                Hint = "An alert fires when its long window's mean error rate reaches burn rate × (1 − SLO): after w × (threshold − e₀) / (e₁ − e₀) minutes, never when e₁ is below the threshold. Compare thresholds as written: 0.0144 is exactly 14.4 × 0.001.",
                OffLimits = ["ErrorBudget.FirstToFire", "ErrorBudget.MinutesUntilFires"],
                Points = 3,
            },
        ],
        Predictions = [new("predictedPageMinutes", "minutes into the 5 % incident before the 14.4× page fires")],
    };

    internal static double Hours(double errorRate, double slo, double windowDays, double budgetLeft) =>
        ErrorBudget.TimeToExhaustion(ErrorBudget.BurnRate(errorRate, slo), windowDays, budgetLeft).TotalHours;
}
