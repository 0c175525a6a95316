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
                VisibleCases =
                [
                    PartCase.Of(Cost.PerMillionTokens(4.0, 2000), 4d, 2000d),
                    PartCase.Of(Cost.PerMillionTokens(1.2, 36_000), 1.2, 36_000d),
                ],
                Nudge = "The price is per hour and the speed per second: how many tokens does one hour make?",
                Hint = "cost per million = hourly cost / (tokens per second × 3600) × 1 000 000.",
                OffLimits = ["Cost.PerMillionTokens"],
                Points = 2,
            },
            new()
            {
                Name = "b",
                Title = "Cost at a utilization",
                AnswerVariable = "cpmAt40",
                Kind = AnswerKind.Number,
                FunctionName = "CostPerMillionAtUtilization",
                ExpectedFromData = data => Cost.PerMillionTokensAtUtilization(3.0, NotebookInputs.H100DecodeTokensPerSecond(data, batch: 64, contextTokens: 2048), 0.4),
                VisibleCases =
                [
                    PartCase.Of(Cost.PerMillionTokensAtUtilization(4, 2000, 0.5), 4d, 2000d, 0.5),
                    PartCase.Of(Cost.PerMillionTokensAtUtilization(2, 10_000, 0.1), 2d, 10_000d, 0.1),
                ],
                Nudge = "You pay for the whole hour, and at token utilization ρ the replica delivers ρ × its peak tokens per second. Should the price go up or down when ρ falls?",
                Hint = "cost per million = hourly cost / (ρ × tokens per second × 3600) × 1 000 000: the hour is paid whatever it delivers.",
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
                VisibleCases =
                [
                    PartCase.Of(Blended(3.6, 4000, 1000, 100, 100), 3.6, 4000d, 1000d, 100L, 100L),
                    PartCase.Of(Blended(2, 10_000, 500, 1000, 0), 2d, 10_000d, 500d, 1000L, 0L),
                ],
                Nudge = "Price input and output tokens separately (each from its own throughput), then weight each price by its token count.",
                Hint = "p = (n_in × p_in + n_out × p_out) / (n_in + n_out), each price hourly cost / (its tok/s × 3600) × 10⁶.",
                OffLimits = ["Cost.InputOutputPrices", "Cost.PerRequest", "Cost.BlendedPerMillionTokens", "Cost.PerMillionTokens"],
                Points = 3,
            },
            Specs.Choice(
                "q1",
                "Overnight cost per token",
                "Overnight your H100 delivers 25 % of its peak token throughput, at the same hourly price. Per million tokens delivered, the overnight cost is…",
                "b",
                "You pay for the hour whatever it delivers: cost per token = hourly cost ÷ delivered tokens. A quarter of the tokens for the same hour is 4× the price per token.",
                new("the same as at peak: you pay per token.", "A GPU is rented by the hour, not by the token: the hour costs the same however few tokens it delivers."),
                new("about 4× the full-load cost."),
                new("a quarter of the full-load cost.", "Fewer tokens for the same hourly price makes each token dearer, not cheaper.")),
            Specs.Choice(
                "q2",
                "Why input tokens are cheaper",
                "Why do API providers usually price input (prompt) tokens lower than output tokens?",
                "a",
                "Prefill processes all of a prompt's tokens in one parallel, compute-bound pass, so a GPU-second prefills thousands of tokens; decode produces one token per sequence per step and each step re-reads the weights and the KV cache (memory-bound), so a GPU-second makes far fewer output tokens.",
                new("A GPU-second prefills many more tokens than it decodes."),
                new("Input tokens are cached, so they cost nothing after the first request.", "Prefix caching helps only for repeated prefixes; a new prompt is prefilled in full."),
                new("Output tokens are longer words.", "Tokens come from the same vocabulary either way; the difference is how fast a GPU processes them.")),
        ],
        Predictions = [new("predictedCostAt25", "$ per million output tokens at 25 % busy, H100 batch 64, $3/h") { Unit = "$", Reason = "With ρ the delivered share of peak token throughput, the same hour delivers ρ × the tokens, so each costs 1/ρ (here 4×) the full-load price." }],
    };

    internal static double Blended(double hourlyCost, double prefillTokensPerSecond, double decodeTokensPerSecond, long inputTokens, long outputTokens) =>
        Cost.BlendedPerMillionTokens(Cost.InputOutputPrices(hourlyCost, prefillTokensPerSecond, decodeTokensPerSecond), inputTokens, outputTokens);
}
