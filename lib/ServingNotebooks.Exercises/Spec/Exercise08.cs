using ServingMath;

namespace ServingNotebooks.Exercises.Spec;

/// <summary>Exercise 8: Error budget — allowed failures, the hour the budget runs out, which alert fires first.</summary>
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
                VisibleCases =
                [
                    PartCase.Of(ErrorBudget.AllowedFailures(10_000, 0.999), 10_000L, 0.999),
                    PartCase.Of(ErrorBudget.AllowedFailures(100_000, 0.9995), 100_000L, 0.9995),
                ],
                Nudge = "The SLO allows the fraction 1 − SLO of the requests to fail, rounded down. Does 1 000 000 at 99.99 % give exactly 100?",
                Hint = "allowed = ⌊requests × (1 − SLO)⌋ — 1 − 0.9999 is not exactly 0.0001 in binary.",
                OffLimits = ["ErrorBudget.AllowedFailures"],
                Points = 2,
            },
            new()
            {
                Name = "b",
                Title = "The hour the month's budget runs out",
                AnswerVariable = "hourBudgetGone",
                Kind = AnswerKind.NullableIndex,
                FunctionName = "HourBudgetRunsOut",
                Expected = ErrorBudget.HourBudgetRunsOut(SeedMonth(), 1_440_000, 0.999),
                VisibleCases =
                [
                    PartCase.Of(ErrorBudget.HourBudgetRunsOut([0, 5, 5, 5], 10_000, 0.999), new[] { 0, 5, 5, 5 }, 10_000L, 0.999),
                    PartCase.Of(ErrorBudget.HourBudgetRunsOut([3, 3, 3], 100_000, 0.999), new[] { 3, 3, 3 }, 100_000L, 0.999),
                ],
                Nudge = "How many failures does the SLO allow over the whole window (part (a))? Add up the failures hour by hour: in which hour does the total first go past that? Spending exactly the budget still meets the SLO. And if it never does?",
                Hint = "allowed = ⌊requests × (1 − SLO)⌋ (as in (a)); the answer is the first hour h with f₀ + … + f_h > allowed, or null when the window ends within budget.",
                OffLimits = ["ErrorBudget.HourBudgetRunsOut", "ErrorBudget.AllowedFailures"],
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
                VisibleCases =
                [
                    PartCase.Of(ErrorBudget.FirstToFire(0.0005, 0.02, 0.999), 0.0005, 0.02, 0.999),
                    PartCase.Of(ErrorBudget.FirstToFire(0.0005, 0.0005, 0.999), 0.0005, 0.0005, 0.999),
                ],
                Nudge = "For each rule, when does the mean over its long window first reach its threshold? Some never do. Try an incident of exactly 1.44 %.",
                Hint = "An alert fires when its long window's mean error rate reaches burn rate × (1 − SLO): after w × (threshold − e₀) / (e₁ − e₀) minutes, never when e₁ is below the threshold. Compare thresholds as written: 0.0144 is exactly 14.4 × 0.001.",
                OffLimits = ["ErrorBudget.FirstToFire", "ErrorBudget.MinutesUntilFires"],
                Points = 3,
            },
            Specs.Choice(
                "q1",
                "Burn-rate pages",
                "A 99.9 % SLO over 30 days. Why page on a 14.4× burn rate over 1 hour (with a 5-minute short window) rather than on 'error rate above 0.1 % over 5 minutes'?",
                "a",
                "The SRE Workbook's fast-burn page fires when an hour spends 2 % of the 30-day budget (14.4 × 1 h / 720 h), so it pages only when the budget is really at risk, and its 5-minute short window makes it stop soon after the incident ends. A raw 0.1 % threshold over 5 minutes pages on blips that spend almost no budget.",
                new("It pages only when a real share of the budget is at risk, and resets quickly."),
                new("Burn rates are cheaper to compute.", "Both are ratios over a window; the difference is what they say about the budget."),
                new("Prometheus cannot evaluate 5-minute windows.", "It can: the burn-rate rule itself uses a 5-minute short window.")),
            Specs.Choice(
                "q2",
                "Client disconnects",
                "Requests that end because the client disconnected (nginx's status 499) are usually…",
                "a",
                "The server did not fail: the user went away. Availability SLIs usually exclude them (or track them separately); counting them as errors would let client behaviour spend the error budget.",
                new("excluded from the availability SLI, or tracked separately."),
                new("counted as server errors.", "Nothing failed on the server: counting them lets clients that give up spend your budget."),
                new("counted as successes.", "No answer reached the user either; most teams leave them out of both counts.")),
        ],
        Predictions = [new("predictedPageMinutes", "minutes into the 5 % incident before the 14.4× page fires") { Unit = "minutes", Reason = "The page fires when the 1-hour mean error rate reaches 14.4 × (1 − SLO); a step incident drags that mean up linearly, so the delay is the window times the share of the way from the old rate to the threshold." }],
    };

    /// <summary>
    /// Notebook 8's month for (b): 720 hours of 2 000 requests; 1 failure an hour, an incident of 100 failures an hour in
    /// hours 96 and 97 (day 4), and from hour 240 (day 10) a bad deploy that leaks 7 failures an hour.
    /// </summary>
    internal static int[] SeedMonth() => [.. Enumerable.Range(0, 720).Select(h => h is 96 or 97 ? 100 : h >= 240 ? 7 : 1)];
}
