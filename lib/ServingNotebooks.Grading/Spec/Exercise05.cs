using ServingMath;

namespace ServingNotebooks.Grading.Spec;

/// <summary>Exercise 5: Cost per million tokens.</summary>
public static class Exercise05
{
    /// <summary>The exercise, with its hidden cases; every expected value is computed by ServingMath.</summary>
    public static Exercise Build() => new()
    {
        Number = 5,
        Notebook = "05-cost-per-million.ipynb",
        Title = "Cost per million tokens",
        AnswerVariable = "cpm",
        Kind = AnswerKind.Number,
        FunctionName = "CostPerMillion",
        Expected = Cost.PerMillionTokens(3.0, 1000),
        HiddenCases =
        [
            HiddenCase.Of(Cost.PerMillionTokens(2.5, 16_356.2), 2.5, 16_356.2),
            HiddenCase.Of(Cost.PerMillionTokens(12, 137.8), 12d, 137.8),
            HiddenCase.Of(Cost.PerMillionTokens(0, 500), 0d, 500d),
        ],
        Hint = "cost per million = hourly cost / (tokens per second × 3600) × 1 000 000.",
    };
}
