using ServingMath;

namespace ServingNotebooks.Exercises.Spec;

/// <summary>Exercise 5: Cost per million tokens — at a throughput, for the cheapest fleet under a TPOT SLO, for a trace's traffic.</summary>
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
                Title = "The cheapest fleet for a demand under a TPOT SLO",
                AnswerVariable = "fleetCostPerMillion",
                Kind = AnswerKind.Number,
                FunctionName = "CheapestFleetPerMillion",
                ExpectedFromData = data => Fleet(3.0, [.. H100Rows(data).Select(r => r.TokensPerSecond)], [.. H100Rows(data).Select(r => r.TpotMs)], 11_000, 15),
                VisibleCases =
                [
                    PartCase.Of(Fleet(2, [1000, 1800, 3000], [10, 14, 25], 2500, 20), 2d, new double[] { 1000, 1800, 3000 }, new double[] { 10, 14, 25 }, 2500d, 20d),
                    PartCase.Of(Fleet(4, [500, 900], [8, 30], 400, 10), 4d, new double[] { 500, 900 }, new double[] { 8, 30 }, 400d, 10d),
                ],
                Nudge = "For each batch size that meets the TPOT SLO: how many whole replicas does the demand need at that batch's tokens per second, and what do they cost per delivered token? Keep the cheapest.",
                Hint = "For each row with TPOT ≤ SLO: replicas = ⌈demand / its tok/s⌉, cost per million = replicas × hourly cost / (demand × 3600) × 10⁶ (you pay for whole replicas, you sell the tokens delivered); the answer is the smallest.",
                OffLimits = ["Cost.PerMillionTokens", "Cost.PerMillionTokensAtUtilization", "Autoscaling.Replicas"],
                Points = 3,
            },
            new()
            {
                Name = "c",
                Title = "What a trace's traffic cost per million tokens",
                AnswerVariable = "traceCostPerMillion",
                Kind = AnswerKind.Number,
                FunctionName = "TraceCostPerMillion",
                ExpectedFromData = data => Blended(
                    3.0,
                    NotebookInputs.H100PrefillTokensPerSecond(data, promptTokens: 2048),
                    NotebookInputs.H100DecodeTokensPerSecond(data, batch: 64, contextTokens: 2048),
                    ServedRequests(data).Sum(t => (long)t.PromptTokens),
                    ServedRequests(data).Sum(t => (long)t.OutputTokens)),
                VisibleCases =
                [
                    Trace(3.6, 4000, 1000, [100, 300], [10, 30]),
                    Trace(2, 10_000, 500, [1000, 0, 500], [0, 200, 100]),
                ],
                Nudge = "Each request's prompt is processed at the prefill speed and its answer at the decode speed: add up the GPU time all the requests took, price it, and divide by all the tokens they carried.",
                Hint = "GPU-seconds = Σ (prompt tokens / prefill tok/s + output tokens / decode tok/s); cost = hourly cost × GPU-seconds / 3600; price per million = cost / Σ (prompt + output tokens) × 10⁶.",
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

    /// <summary>
    /// The library's answer to (b): over the rows whose TPOT meets the SLO, the cheapest cost per million delivered tokens of
    /// a fleet of whole replicas (<see cref="Autoscaling.Replicas"/> at 100 %) that carries the demand.
    /// </summary>
    internal static double Fleet(double hourlyCost, double[] tokensPerSecond, double[] tpotMs, double demandTokensPerSecond, double tpotSloMs) =>
        tokensPerSecond.Where((_, i) => tpotMs[i] <= tpotSloMs)
            .Min(tps => Cost.PerMillionTokens(hourlyCost * Autoscaling.Replicas(demandTokensPerSecond, tps, 1.0), demandTokensPerSecond));

    /// <summary>A case of (c): the library's blended price for the requests' total prompt and output tokens.</summary>
    internal static PartCase Trace(double hourlyCost, double prefillTokensPerSecond, double decodeTokensPerSecond, int[] promptTokens, int[] outputTokens) =>
        PartCase.Of(
            Blended(hourlyCost, prefillTokensPerSecond, decodeTokensPerSecond, promptTokens.Sum(t => (long)t), outputTokens.Sum(t => (long)t)),
            hourlyCost, prefillTokensPerSecond, decodeTokensPerSecond, promptTokens, outputTokens);

    /// <summary>Notebook 5's H100 rows for (b): the measured decode steps at a 2 048-token context, by batch size.</summary>
    internal static IReadOnlyList<DecodeStep> H100Rows(string data) =>
        [.. Measurements.LoadDecodeSteps(Path.Combine(data, "decode_by_batch.csv")).Where(d => d.ContextTokens == 2048).OrderBy(d => d.Batch)];

    /// <summary>Notebook 5's requests for (c): the requests of <c>data/sample-trace.jsonl</c> the replica served (status ok).</summary>
    internal static IEnumerable<RequestTrace> ServedRequests(string data) =>
        Tracing.ReadJsonLines(Path.Combine(data, "sample-trace.jsonl")).Where(t => t.Status == RequestStatus.Ok);

    internal static double Blended(double hourlyCost, double prefillTokensPerSecond, double decodeTokensPerSecond, long inputTokens, long outputTokens) =>
        Cost.BlendedPerMillionTokens(Cost.InputOutputPrices(hourlyCost, prefillTokensPerSecond, decodeTokensPerSecond), inputTokens, outputTokens);
}
