namespace ServingMath.Simulation;

/// <summary>
/// Speculative decoding on every replica: each step, a cheap draft proposes k tokens for every decoding request; the
/// model verifies them in the same forward pass (k + 1 positions per request) and keeps the longest run of accepted
/// drafts plus one token of its own. As in vLLM V1 (<c>vllm/v1/spec_decode/</c> for the proposers,
/// <c>vllm/v1/sample/rejection_sampler.py</c> for acceptance, <c>vllm/v1/core/sched/scheduler.py</c>, v0.11, which
/// schedules 1 + k tokens per decode and takes back the rejected ones in <c>update_from_output</c>).
/// </summary>
/// <remarks>
/// Each draft token is accepted with probability α, independently, until the first rejection (a seeded stream, see
/// <see cref="LlmServingConfig.Seed"/>); a step therefore emits A + 1 tokens with A accepted drafts, P(A ≥ i) = αⁱ for
/// i ≤ k, so the mean is Σᵢ₌₀ᵏ αⁱ = (1 − α^(k+1)) / (1 − α) tokens per step (Leviathan et al., 2023). Near the end of a
/// request the drafts are cut so that no token beyond its output is proposed. The step's cost: the verifier's pass
/// over the extra positions (passed to the cost model as <see cref="StepWork.DraftTokens"/>) plus
/// <see cref="DraftStepMs"/> × k for the draft's own passes (in a step that verifies any drafts). KV grows by the tokens kept; blocks for all k + 1 positions
/// must be free when the step is scheduled (vLLM's lookahead slots). Left out: acceptance that depends on the text
/// (α varies by request and position in practice), tree drafts, and the draft model's own KV cache.
/// </remarks>
/// <param name="DraftTokens">Draft tokens proposed per decode per step (k; vLLM <c>num_speculative_tokens</c>). Range: 1 ≤ k ≤ 64.</param>
/// <param name="AcceptanceRate">Probability that a draft token is accepted, given the ones before it were (α). Range: 0 ≤ α ≤ 1.</param>
/// <param name="DraftStepMs">Time of one draft pass over the batch, milliseconds; a step that verifies drafts pays k of them. Range: ≥ 0; default 0 (an n-gram draft, nearly free).</param>
public sealed record SpeculativeDecoding(int DraftTokens, double AcceptanceRate, double DraftStepMs = 0)
{
    /// <summary>Expected tokens a decode emits per step: (1 − α^(k+1)) / (1 − α), or k + 1 when α = 1 (<see cref="Speculation.ExpectedTokensPerStep"/>).</summary>
    public double ExpectedTokensPerStep => Speculation.ExpectedTokensPerStep(AcceptanceRate, DraftTokens);

    internal void Validate()
    {
        if (DraftTokens is < 1 or > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(DraftTokens),
                $"SpeculativeDecoding.DraftTokens (k, draft tokens per step) must be between 1 and 64; got {DraftTokens}");
        }

        if (!(AcceptanceRate is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(AcceptanceRate),
                $"SpeculativeDecoding.AcceptanceRate (α, the chance a draft token is accepted) must be between 0 and 1; got {Guard.Show(AcceptanceRate)}");
        }

        Guard.NonNegative(DraftStepMs, nameof(DraftStepMs), "milliseconds per draft pass");
    }

    /// <summary>Accepted drafts out of <paramref name="drafts"/>: successes with probability α until the first failure.</summary>
    internal int SampleAccepted(Random random, int drafts)
    {
        var accepted = 0;
        while (accepted < drafts && random.NextDouble() < AcceptanceRate)
        {
            accepted++;
        }

        return accepted;
    }
}
