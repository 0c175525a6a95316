namespace ServingMath.Simulation;

/// <summary>What one forward pass (one scheduler step) of a replica holds.</summary>
/// <param name="DecodeSequences">Sequences generating their next token in this step (b). Range: ≥ 0.</param>
/// <param name="DecodeContextTokens">
/// Σ of the decode sequences' contexts (prompt + tokens so far, counting the one being decoded), tokens. The attention of
/// a decode reads its whole context once, so any cost linear in each sequence's context needs only this sum; the mean
/// context is Σ / b. Range: ≥ 0.
/// </param>
/// <param name="PrefillTokens">Prompt tokens computed in this step, over all prompts and chunks (p). Range: ≥ 0.</param>
/// <param name="PrefillRequests">Requests with prompt tokens (a whole prompt, a chunk, or a recomputation after preemption) in this step. Range: ≥ 0.</param>
/// <param name="DraftTokens">
/// Under speculative decoding, the draft tokens the decodes verify in this step: positions computed beyond each decode's
/// one, Σ over the decodes (at most k each). 0 otherwise. Range: ≥ 0.
/// </param>
public readonly record struct StepWork(int DecodeSequences, long DecodeContextTokens, int PrefillTokens, int PrefillRequests, int DraftTokens = 0)
{
    /// <summary>
    /// Mean context of the decode sequences, tokens: ⌊Σ context / b⌋ (whole tokens, as the tables are indexed; the
    /// fraction is at most one token of context); 0 without decodes.
    /// </summary>
    public int MeanDecodeContext => DecodeSequences == 0 ? 0 : (int)Math.Min(int.MaxValue, DecodeContextTokens / DecodeSequences);
}

/// <summary>How long one scheduler step takes, from what it holds (decodes and their contexts, prefill tokens).</summary>
/// <remarks>
/// Host overheads (per step, per finished request) and noise are added by the simulator around this model, from
/// <see cref="LlmServingConfig.StepOverheadMs"/>, <see cref="LlmServingConfig.FinishOverheadMs"/> and
/// <see cref="LlmServingConfig.StepNoiseSigma"/>. Implementations: <see cref="TableStepCost"/> (measured tables or the
/// roofline, the default) and <see cref="LinearStepCost"/> (fitted from a step log).
/// </remarks>
public interface IStepCostModel
{
    /// <summary>The step's GPU time, milliseconds.</summary>
    /// <param name="work">What the step holds; at least one decode or one prefill token.</param>
    /// <returns>Step time, milliseconds; positive.</returns>
    double StepMs(StepWork work);
}
