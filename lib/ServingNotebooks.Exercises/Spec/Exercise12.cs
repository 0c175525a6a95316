using ServingMath;

namespace ServingNotebooks.Exercises.Spec;

/// <summary>Exercise 12: Speculative decoding — tokens per verifier step, the best draft length, the batch where it stops paying.</summary>
public static class Exercise12
{
    /// <summary>The exercise; every expected value is computed by ServingMath.</summary>
    public static Exercise Build() => new()
    {
        Number = 12,
        Notebook = "12-speculative-decoding.ipynb",
        Title = "Speculative decoding",
        Parts =
        [
            new()
            {
                Name = "a",
                Title = "Expected tokens per verifier step",
                AnswerVariable = "tokensPerStep",
                Kind = AnswerKind.Number,
                FunctionName = "ExpectedTokens",
                Expected = Speculation.ExpectedTokensPerStep(0.75, 7),
                VisibleCases =
                [
                    PartCase.Of(Speculation.ExpectedTokensPerStep(0.5, 2), 0.5, 2),
                    PartCase.Of(Speculation.ExpectedTokensPerStep(1, 3), 1d, 3),
                ],
                Nudge = "A step always yields the model's own token; the i-th draft adds one more only if it and every draft before it were accepted. What is the chance of that, and what do the chances add up to? Does your answer hold when every draft is accepted (α = 1)?",
                Hint = "E = Σᵢ₌₀^γ αⁱ = 1 + α + α² + … + α^γ (the chance that draft i and all before it are accepted is αⁱ); the closed form (1 − α^(γ+1))/(1 − α) divides by zero at α = 1, where E = γ + 1.",
                OffLimits = ["Speculation.ExpectedTokensPerStep", "Speculation.SpeedUp"],
                Points = 2,
            },
            new()
            {
                Name = "b",
                Title = "The draft length that pays most",
                AnswerVariable = "bestK",
                Kind = AnswerKind.Integer,
                FunctionName = "BestDraftLength",
                Expected = Speculation.BestDraftLength(0.8, 0.05, 10),
                VisibleCases =
                [
                    PartCase.Of(Speculation.BestDraftLength(0.5, 0.1, 8), 0.5, 0.1, 8),
                    PartCase.Of(Speculation.BestDraftLength(0.2, 0.3, 8), 0.2, 0.3, 8),
                ],
                Nudge = "Try every γ from 0 to the maximum and keep the one with the highest speed-up. What does γ = 0 mean, and what is its speed-up? On a tie, which γ wastes less?",
                Hint = "For γ = 0 … γmax compute S(γ) = E(α, γ) / (1 + γ·c_draft), with S(0) = 1; return the γ with the largest S, the smallest γ on a tie (0 when no draft pays).",
                OffLimits = ["Speculation.BestDraftLength", "Speculation.SpeedUp"],
                Points = 3,
            },
            new()
            {
                Name = "c",
                Title = "The batch where speculation stops paying",
                AnswerVariable = "breakEven",
                Kind = AnswerKind.NullableIndex,
                FunctionName = "BreakEvenBatch",
                ExpectedFromData = data => Speculation.BreakEvenBatch(Context512Batches(data), Context512StepMs(data), 0.5, 3, 0.05),
                VisibleCases =
                [
                    PartCase.Of(Speculation.BreakEvenBatch([1, 2, 4, 8], [10, 10, 10, 20], 0.5, 1, 0), new double[] { 1, 2, 4, 8 }, new double[] { 10, 10, 10, 20 }, 0.5, 1, 0d),
                    PartCase.Of(Speculation.BreakEvenBatch([1, 2, 4, 8], [10, 10, 11, 12], 0.5, 1, 0.1), new double[] { 1, 2, 4, 8 }, new double[] { 10, 10, 11, 12 }, 0.5, 1, 0.1),
                ],
                Nudge = "Go through the measured batches in order. At batch B, what does one plain step cost, what does the verifier's step over B·(γ + 1) positions cost, and what do the γ draft passes add? Which batches can the table still price, and what do you return if speculation pays at all of them?",
                Hint = "For each measured B with B·(γ + 1) ≤ the largest measured batch: S = E·t_step(B) / (t_step(B·(γ + 1)) + γ·c_draft·t_step(B)), t_step interpolated with Speculation.StepMsAt; return the first B with S < 1, or null.",
                OffLimits = ["Speculation.BreakEvenBatch", "Speculation.SpeedUpAtBatch", "Speculation.SpeedUp"],
                Points = 3,
            },
            Specs.Choice(
                "q1",
                "Speculation by load",
                "Your replica runs about 4 sequences at night and about 200 at the daytime peak. An EAGLE draft is accepted about 80 % of the time. What do you do with speculative decoding?",
                "b",
                "At 4 sequences a decode step is memory-bound: it reads all the weights for a handful of tokens, so verifying γ + 1 positions per sequence costs little more than one, and the accepted drafts are nearly free tokens. At 200 sequences the step is already close to compute-bound; multiplying its positions by γ + 1 makes it much longer, and the drafts that are rejected are work thrown away — speculation can cost throughput and TPOT. Turn it on (or draft more) at low batch, off (or draft less) at high batch; vLLM's documentation recommends it for medium-to-low QPS, memory-bound workloads for this reason.",
                new("Always on: the output is the same, so it can only help.", "The output is the same, but the cost is not: at a large batch the verifier's γ + 1 positions per sequence make a compute-bound step much longer."),
                new("On at night, off (or fewer drafts) at the peak."),
                new("On at the peak only, where latency is worst.", "The peak is where the step is compute-bound and extra positions cost the most; at night the step is memory-bound and drafts are nearly free.")),
            Specs.Choice(
                "q2",
                "Reading vLLM's acceptance rate",
                "vLLM logs \"Avg Draft acceptance rate: 51 %\" with num_speculative_tokens = 3 (accepted draft tokens ÷ drafted tokens). What is α, the chance that a draft token is accepted given that the ones before it were?",
                "b",
                "Drafts after the first rejection are thrown away unchecked, yet they count as drafted: the ratio is E[K]/γ = (α + α² + α³)/3 (K the drafts kept), not α. With α = 0.7 it is (0.7 + 0.49 + 0.343)/3 = 0.511, so a logged 51 % means α ≈ 0.7. vLLM's 'Mean acceptance length' (1 + accepted ÷ drafts) is E itself, and its per-position acceptance rates are α, α², α³ under this notebook's model.",
                new("0.51: it is the same quantity.", "The ratio divides by every drafted token, including those after the first rejection, which are never accepted: it is E[K]/γ, below α."),
                new("About 0.7: later drafts are only accepted after earlier ones, so the ratio is below α."),
                new("Below 0.51: the ratio counts the model's own token as accepted.", "vLLM counts only accepted draft tokens; the model's own token is in the mean acceptance length, not in this ratio.")),
        ],
        Predictions = [new("predictedLightTpotMs", "the median time per output token at 0.5 requests/s with speculation (α = 0.7, γ = 3), ms (7.5 ms without)") { Unit = "ms", Reason = "At a small batch the verifier's step costs little more than a plain one, so TPOT falls by about the tokens per step, E = (1 − α^(γ+1))/(1 − α) ≈ 2.5, less a little for the draft passes and the longer step." }],
    };

    // Notebook 6's data: decode steps at 512 tokens of context, by batch (CUDA graphs).
    internal static double[] Context512Batches(string data) => [.. Context512(data).Select(s => (double)s.Batch)];

    internal static double[] Context512StepMs(string data) => [.. Context512(data).Select(s => s.TpotMs)];

    private static List<DecodeStep> Context512(string data) =>
        [.. Measurements.LoadDecodeSteps(Path.Combine(data, "decode_by_batch.csv")).Where(s => s.ContextTokens == 512).OrderBy(s => s.Batch)];
}
