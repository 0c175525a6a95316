using ServingMath;

namespace ServingNotebooks.Exercises.Spec;

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
                Nudge = "Price input and output tokens separately (each from its own throughput), then weight each price by its token count.",
                Hint = "p = (n_in × p_in + n_out × p_out) / (n_in + n_out), each price hourly cost / (its tok/s × 3600) × 10⁶.",
                OffLimits = ["Cost.InputOutputPrices", "Cost.PerRequest", "Cost.BlendedPerMillionTokens", "Cost.PerMillionTokens"],
                Points = 3,
            },
        ],
        Predictions = [new("predictedCostAt25", "$ per million output tokens at 25 % busy, H100 batch 64, $3/h")],
    };

    internal static double Blended(double hourlyCost, double prefillTokensPerSecond, double decodeTokensPerSecond, long inputTokens, long outputTokens) =>
        Cost.BlendedPerMillionTokens(Cost.InputOutputPrices(hourlyCost, prefillTokensPerSecond, decodeTokensPerSecond), inputTokens, outputTokens);
}
