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
        Parts =
        [
            new()
            {
                Name = "a",
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
                Nudge = "The price is per hour and the speed per second: how many tokens does one hour make?",
                Hint = "cost per million = hourly cost / (tokens per second × 3600) × 1 000 000.",
                OffLimits = ["Cost.PerMillionTokens"],
                Points = 4,
            },
            new()
            {
                Name = "b",
                Title = "Cost at a utilization",
                AnswerVariable = "cpmAt40",
                Kind = AnswerKind.Number,
                FunctionName = "CostPerMillionAtUtilization",
                ExpectedFromData = data => Cost.PerMillionTokensAtUtilization(3.0, NotebookInputs.H100DecodeTokensPerSecond(data, batch: 64, contextTokens: 2048), 0.4),
                HiddenCases =
                [
                    HiddenCase.Of(Cost.PerMillionTokensAtUtilization(3, 1000, 0.4), 3d, 1000d, 0.4),
                    HiddenCase.Of(Cost.PerMillionTokensAtUtilization(2.5, 16_356.2, 1.0), 2.5, 16_356.2, 1d),
                    HiddenCase.Of(Cost.PerMillionTokensAtUtilization(12, 137.8, 0.05), 12d, 137.8, 0.05),
                    HiddenCase.Of(Cost.PerMillionTokensAtUtilization(0, 500, 0.3), 0d, 500d, 0.3),
                ],
                Nudge = "You pay for the whole hour but make tokens only while busy. Should the price go up or down when ρ falls?",
                Hint = "cost per million = hourly cost / (ρ × tokens per second × 3600) × 1 000 000: idle hours are paid too.",
                OffLimits = ["Cost.PerMillionTokensAtUtilization", "Cost.PerMillionTokens"],
                Points = 3,
            },
            new()
            {
                Name = "c",
                Title = "A blended price for a request mix",
                AnswerVariable = "blended",
                Kind = AnswerKind.Number,
                FunctionName = "BlendedPricePerMillion",
                ExpectedFromData = data => Blended(
                    3.0,
                    NotebookInputs.H100PrefillTokensPerSecond(data, promptTokens: 2048),
                    NotebookInputs.H100DecodeTokensPerSecond(data, batch: 64, contextTokens: 2048),
                    2000,
                    300),
                HiddenCases =
                [
                    HiddenCase.Of(Blended(3.6, 1000, 1000, 1, 1), 3.6, 1000d, 1000d, 1L, 1L),
                    HiddenCase.Of(Blended(3.6, 2000, 500, 3, 1), 3.6, 2000d, 500d, 3L, 1L),
                    HiddenCase.Of(Blended(10, 50_000, 2000, 0, 100), 10d, 50_000d, 2000d, 0L, 100L),
                    HiddenCase.Of(Blended(3, 36_000, 4857, 2000, 300), 3d, 36_000d, 4857d, 2000L, 300L),
                ],
                Nudge = "Price input and output tokens separately (each from its own throughput), then weight each price by its token count.",
                Hint = "p = (n_in × p_in + n_out × p_out) / (n_in + n_out), each price hourly cost / (its tok/s × 3600) × 10⁶.",
                OffLimits = ["Cost.InputOutputPrices", "Cost.PerRequest", "Cost.BlendedPerMillionTokens", "Cost.PerMillionTokens"],
                Points = 3,
            },
        ],
        Predictions = [new("predictedCostAt25", "$ per million output tokens at 25 % busy, H100 batch 64, $3/h")],
    };

    private static double Blended(double hourlyCost, double prefillTokensPerSecond, double decodeTokensPerSecond, long inputTokens, long outputTokens) =>
        Cost.BlendedPerMillionTokens(Cost.InputOutputPrices(hourlyCost, prefillTokensPerSecond, decodeTokensPerSecond), inputTokens, outputTokens);
}
