namespace ServingMath;

/// <summary>
/// Speculative decoding: a cheap draft proposes γ tokens, the model verifies them in one forward pass and keeps the
/// longest accepted run plus one token of its own. How many tokens a verifier step yields, the speed-up net of the
/// draft's cost, the draft length that maximises it, and the batch size from which it stops paying on measured steps.
/// </summary>
/// <remarks>
/// Source: Y. Leviathan, M. Kalman, Y. Matias, "Fast Inference from Transformers via Speculative Decoding", ICML 2023
/// (arXiv:2211.17192v2): α is the acceptance rate (section 3.1; each draft token is accepted with probability α,
/// independently, until the first rejection), γ the draft length (their γ), and c_draft the cost of one draft pass relative to one pass of the
/// model (section 3.3). Times are in milliseconds; α, c_draft are fractions; γ and batches are counts.
/// The speed-up of <see cref="SpeedUp"/> assumes that verifying γ + 1 tokens costs as much as decoding one — true while
/// a step is memory-bound (notebook 6's roofline), false once the extra tokens make it compute-bound; <see cref="SpeedUpAtBatch"/>
/// prices the verifier on a measured step table instead.
/// </remarks>
public static class Speculation
{
    /// <summary>
    /// Expected tokens a sequence gains per verifier step: E = Σᵢ₌₀^γ αⁱ = (1 − α^(γ+1)) / (1 − α), and γ + 1 when α = 1
    /// (Leviathan et al. 2023, equation 1).
    /// </summary>
    /// <remarks>
    /// With K drafts kept (accepted before the first rejection), Pr(K ≥ i) = αⁱ for i ≤ γ, and the step emits K + 1 tokens (the model's own token after the
    /// last accepted draft, or in place of the first rejected one), so E = 1 + Σᵢ₌₁^γ Pr(K ≥ i). Summed term by term
    /// (Horner's rule) rather than by the closed form, which divides 0 by 0 at α = 1 and loses digits just below it.
    /// </remarks>
    /// <param name="acceptanceRate">Acceptance rate (α): the chance a draft token is accepted, given the ones before it were. Range: 0 ≤ α ≤ 1.</param>
    /// <param name="draftTokens">Draft tokens proposed per step (γ; vLLM <c>num_speculative_tokens</c>). Range: γ ≥ 0 (0 is plain decoding).</param>
    /// <returns>Expected tokens per verifier step, between 1 and γ + 1.</returns>
    /// <example><c>Speculation.ExpectedTokensPerStep(0.5, 2)</c> is 1 + 0.5 + 0.25 = 1.75 tokens.</example>
    public static double ExpectedTokensPerStep(double acceptanceRate, int draftTokens)
    {
        LibraryCalls.Record(typeof(Speculation));
        Guard.Fraction(acceptanceRate, nameof(acceptanceRate), "acceptance rate α, the chance a draft token is accepted");
        Guard.NonNegative(draftTokens, nameof(draftTokens), "draft tokens k per step");
        return Sum(acceptanceRate, draftTokens);
    }

    /// <summary>
    /// Speed-up of speculative decoding over plain decoding when verifying γ + 1 tokens costs one decode step:
    /// S = E / (1 + γ·c_draft), with E = (1 − α^(γ+1)) / (1 − α) (Leviathan et al. 2023, theorem 3.8, "expected improvement
    /// factor in total walltime").
    /// </summary>
    /// <param name="acceptanceRate">Acceptance rate (α). Range: 0 ≤ α ≤ 1.</param>
    /// <param name="draftTokens">Draft tokens per step (γ). Range: γ ≥ 0.</param>
    /// <param name="draftCost">Cost of one draft pass relative to one decode step of the model (c_draft). Range: c_draft ≥ 0 (an n-gram draft is nearly 0).</param>
    /// <returns>The speed-up factor: above 1 is faster, below 1 slower; 1 at γ = 0.</returns>
    /// <example><c>Speculation.SpeedUp(0.5, 2, 0.1)</c> is 1.75 / 1.2 ≈ 1.458.</example>
    public static double SpeedUp(double acceptanceRate, int draftTokens, double draftCost)
    {
        LibraryCalls.Record(typeof(Speculation));
        Guard.Fraction(acceptanceRate, nameof(acceptanceRate), "acceptance rate α, the chance a draft token is accepted");
        Guard.NonNegative(draftTokens, nameof(draftTokens), "draft tokens k per step");
        Guard.NonNegative(draftCost, nameof(draftCost), "cost c of one draft pass relative to one decode step");
        return Sum(acceptanceRate, draftTokens) / (1 + (draftTokens * draftCost));
    }

    /// <summary>
    /// The draft length γ from 0 to <paramref name="maxDraftTokens"/> with the highest <see cref="SpeedUp"/>; 0 means
    /// speculation does not pay. Ties go to the smaller γ (fewer wasted draft passes).
    /// </summary>
    /// <param name="acceptanceRate">Acceptance rate (α). Range: 0 ≤ α ≤ 1.</param>
    /// <param name="draftCost">Cost of one draft pass relative to one decode step (c_draft). Range: c_draft ≥ 0.</param>
    /// <param name="maxDraftTokens">The longest draft to consider (γ_max). Range: γ_max ≥ 0.</param>
    /// <returns>The best γ, 0 to γ_max.</returns>
    /// <example><c>Speculation.BestDraftLength(0.5, 0.1, 8)</c> is 2: speed-ups 1, 1.364, 1.458, 1.442, … for γ = 0, 1, 2, 3.</example>
    public static int BestDraftLength(double acceptanceRate, double draftCost, int maxDraftTokens)
    {
        LibraryCalls.Record(typeof(Speculation));
        Guard.Fraction(acceptanceRate, nameof(acceptanceRate), "acceptance rate α, the chance a draft token is accepted");
        Guard.NonNegative(draftCost, nameof(draftCost), "cost c of one draft pass relative to one decode step");
        Guard.NonNegative(maxDraftTokens, nameof(maxDraftTokens), "the longest draft to consider");
        var best = 0;
        var bestSpeedUp = 1.0;
        for (var k = 1; k <= maxDraftTokens; k++)
        {
            var speedUp = Sum(acceptanceRate, k) / (1 + (k * draftCost));
            if (speedUp > bestSpeedUp)
            {
                best = k;
                bestSpeedUp = speedUp;
            }
        }

        return best;
    }

    /// <summary>
    /// A measured step time at any batch size between the measured ones, by linear interpolation:
    /// t(b) = tᵢ + (tᵢ₊₁ − tᵢ)·(b − bᵢ)/(bᵢ₊₁ − bᵢ) for bᵢ ≤ b ≤ bᵢ₊₁.
    /// </summary>
    /// <param name="batches">Measured batch sizes (bᵢ), sequences, strictly increasing. Range: bᵢ &gt; 0.</param>
    /// <param name="stepMs">Measured step time at each batch (tᵢ), milliseconds. Range: tᵢ &gt; 0.</param>
    /// <param name="batch">The batch to price (b), sequences (or tokens per step). Range: b₀ ≤ b ≤ the largest measured batch.</param>
    /// <returns>The interpolated step time, milliseconds.</returns>
    /// <example><c>Speculation.StepMsAt([1, 4, 16], [8, 8, 20], 12)</c> is 8 + 12 × 8/12 = 16 ms.</example>
    public static double StepMsAt(IReadOnlyList<double> batches, IReadOnlyList<double> stepMs, double batch)
    {
        CheckTable(batches, stepMs);
        Guard.Finite(batch, nameof(batch), "the batch size to price");
        if (batch < batches[0] || batch > batches[^1])
        {
            throw new ArgumentOutOfRangeException(nameof(batch), batch,
                $"{nameof(batch)} ({Guard.Show(batch)}) is outside the measured batches {Guard.Show(batches[0])} to {Guard.Show(batches[^1])}; a step time is not extrapolated.");
        }

        return Interpolate(batches, stepMs, batch);
    }

    /// <summary>
    /// Speed-up of speculative decoding at batch B on a measured step table, pricing the verifier's pass over B·(γ + 1)
    /// positions as a decode step of B·(γ + 1) sequences: S(B) = E·t_step(B) / (t_step(B·(γ+1)) + γ·c_draft·t_step(B)), t by
    /// <see cref="StepMsAt"/>, E = (1 − α^(γ+1)) / (1 − α).
    /// </summary>
    /// <remarks>
    /// Pessimistic for long contexts: the verifier reads each sequence's KV cache once, but a decode step of B·(γ + 1)
    /// sequences reads γ + 1 of them. The draft's pass is charged c_draft times the model's step at the same batch.
    /// </remarks>
    /// <param name="batches">Measured batch sizes, sequences, strictly increasing. Range: &gt; 0.</param>
    /// <param name="stepMs">Measured decode step at each batch, milliseconds. Range: &gt; 0.</param>
    /// <param name="batch">Decoding sequences (B). Range: B ≥ the smallest measured batch, B·(γ + 1) ≤ the largest.</param>
    /// <param name="acceptanceRate">Acceptance rate (α). Range: 0 ≤ α ≤ 1.</param>
    /// <param name="draftTokens">Draft tokens per sequence per step (γ). Range: γ ≥ 0.</param>
    /// <param name="draftCost">One draft pass relative to the model's step at the same batch (c_draft). Range: c_draft ≥ 0.</param>
    /// <returns>The speed-up factor at batch B: above 1 is faster.</returns>
    /// <example>Steps [8, 8, 20] ms at batches [1, 4, 16], α = 0.6, γ = 2, c_draft = 0.05: S(4) = 1.96 × 8 / (16 + 0.8) ≈ 0.933.</example>
    public static double SpeedUpAtBatch(IReadOnlyList<double> batches, IReadOnlyList<double> stepMs, double batch, double acceptanceRate, int draftTokens, double draftCost)
    {
        LibraryCalls.Record(typeof(Speculation));
        CheckTable(batches, stepMs);
        Guard.Fraction(acceptanceRate, nameof(acceptanceRate), "acceptance rate α, the chance a draft token is accepted");
        Guard.NonNegative(draftTokens, nameof(draftTokens), "draft tokens k per step");
        Guard.NonNegative(draftCost, nameof(draftCost), "cost c of one draft pass relative to one decode step");
        Guard.Finite(batch, nameof(batch), "decoding sequences B");
        var verified = batch * (draftTokens + 1);
        if (batch < batches[0] || verified > batches[^1])
        {
            throw new ArgumentOutOfRangeException(nameof(batch), batch,
                $"{nameof(batch)} ({Guard.Show(batch)}) × (k + 1) = {Guard.Show(verified)} positions per step must lie within the measured batches {Guard.Show(batches[0])} to {Guard.Show(batches[^1])}.");
        }

        var plainMs = Interpolate(batches, stepMs, batch);
        var verifyMs = Interpolate(batches, stepMs, verified);
        return Sum(acceptanceRate, draftTokens) * plainMs / (verifyMs + (draftTokens * draftCost * plainMs));
    }

    /// <summary>
    /// The smallest measured batch B at which speculation is slower than plain decoding, S(B) &lt; 1 (<see cref="SpeedUpAtBatch"/>),
    /// among the measured batches whose B·(γ + 1) positions the table still covers; null when it is faster at all of them.
    /// </summary>
    /// <param name="batches">Measured batch sizes, sequences, strictly increasing. Range: &gt; 0.</param>
    /// <param name="stepMs">Measured decode step at each batch, milliseconds. Range: &gt; 0.</param>
    /// <param name="acceptanceRate">Acceptance rate (α). Range: 0 ≤ α ≤ 1.</param>
    /// <param name="draftTokens">Draft tokens per sequence per step (γ). Range: γ ≥ 1.</param>
    /// <param name="draftCost">One draft pass relative to the model's step at the same batch (c_draft). Range: c_draft ≥ 0.</param>
    /// <returns>The first measured batch where speculation loses, or null.</returns>
    /// <example>Steps [10, 10, 10, 20] ms at batches [1, 2, 4, 8], α = 0.5, γ = 1, c_draft = 0: S = 1.5, 1.5, 0.75 at B = 1, 2, 4, so 4.</example>
    public static int? BreakEvenBatch(IReadOnlyList<double> batches, IReadOnlyList<double> stepMs, double acceptanceRate, int draftTokens, double draftCost)
    {
        LibraryCalls.Record(typeof(Speculation));
        CheckTable(batches, stepMs);
        Guard.Fraction(acceptanceRate, nameof(acceptanceRate), "acceptance rate α, the chance a draft token is accepted");
        Guard.Positive(draftTokens, nameof(draftTokens), "draft tokens k per step");
        Guard.NonNegative(draftCost, nameof(draftCost), "cost c of one draft pass relative to one decode step");
        var tokens = Sum(acceptanceRate, draftTokens);
        foreach (var batch in batches)
        {
            var verified = batch * (draftTokens + 1);
            if (verified > batches[^1])
            {
                break;
            }

            var plainMs = Interpolate(batches, stepMs, batch);
            var speedUp = tokens * plainMs / (Interpolate(batches, stepMs, verified) + (draftTokens * draftCost * plainMs));
            if (speedUp < 1)
            {
                return (int)batch;
            }
        }

        return null;
    }

    private static double Sum(double alpha, int k)
    {
        var sum = 1.0;
        for (var i = 0; i < k; i++)
        {
            sum = 1 + (alpha * sum);
        }

        return sum;
    }

    private static double Interpolate(IReadOnlyList<double> batches, IReadOnlyList<double> stepMs, double batch)
    {
        var i = 0;
        while (i < batches.Count - 1 && batches[i + 1] < batch)
        {
            i++;
        }

        if (i == batches.Count - 1 || batches[i] == batch)
        {
            return stepMs[i];
        }

        if (batches[i + 1] == batch)
        {
            return stepMs[i + 1];   // a measured batch gives its measurement exactly, not tᵢ + (tᵢ₊₁ − tᵢ) rounded
        }

        return stepMs[i] + ((stepMs[i + 1] - stepMs[i]) * (batch - batches[i]) / (batches[i + 1] - batches[i]));
    }

    private static void CheckTable(IReadOnlyList<double> batches, IReadOnlyList<double> stepMs)
    {
        Guard.FiniteList(batches, nameof(batches), "measured batch sizes");
        Guard.FiniteList(stepMs, nameof(stepMs), "measured step time at each batch, ms");
        Guard.SameLength(batches, nameof(batches), stepMs, nameof(stepMs));
        for (var i = 0; i < batches.Count; i++)
        {
            Guard.Positive(batches[i], nameof(batches), "measured batch sizes");
            Guard.Positive(stepMs[i], nameof(stepMs), "measured step time at each batch, ms");
            if (i > 0 && batches[i] <= batches[i - 1])
            {
                throw new ArgumentException(
                    $"{nameof(batches)} (measured batch sizes) must be strictly increasing; {Guard.Show(batches[i])} at index {i} follows {Guard.Show(batches[i - 1])}.", nameof(batches));
            }
        }
    }
}
