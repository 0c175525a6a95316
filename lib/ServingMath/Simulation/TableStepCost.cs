using System.Runtime.CompilerServices;

namespace ServingMath.Simulation;

/// <summary>
/// A step cost from a decode model and a prefill model (the measured H100 tables or the roofline):
/// StepMs = decode(b, ⌊Σ context / b⌋) + prefill(p), each term only when the step holds decodes (b ≥ 1) or prompt tokens (p ≥ 1).
/// Under speculative decoding the decode term is decode(b + drafts, ⌊Σ context / b⌋): each verified draft is one more
/// position, charged like one more sequence of the batch (an approximation: the drafts share their sequence's KV read).
/// The default when <see cref="LlmServingConfig.StepCost"/> is null.
/// </summary>
/// <remarks>
/// A mixed step (chunked prefill) is charged as a decode step plus a prefill of its p tokens, as if run one after the
/// other — an upper bound: a real mixed step reads the weights once. The prefill term is the time of one prompt of
/// p tokens (several prompts in one step cost what one prompt of their total length costs; attention's quadratic term
/// is ignored, as in <see cref="MeasuredPrefillTime"/>). Fit a <see cref="LinearStepCost"/> to a step log for a model
/// that sees mixed steps as the server runs them.
/// </remarks>
/// <param name="decode">Decode step time by batch size and mean context, e.g. <see cref="MeasuredStepTime"/>.</param>
/// <param name="prefill">Prefill time by prompt tokens, e.g. <see cref="MeasuredPrefillTime"/>.</param>
public sealed class TableStepCost(IStepTimeModel decode, IPrefillTimeModel prefill) : IStepCostModel
{
    /// <summary>The decode model.</summary>
    public IStepTimeModel Decode { get; } = Guard.NotNull(decode, nameof(decode), "a decode step model, e.g. MeasuredStepTime.FromCsv(\"data/decode_by_batch.csv\")");

    /// <summary>The prefill model.</summary>
    public IPrefillTimeModel Prefill { get; } = Guard.NotNull(prefill, nameof(prefill), "a prefill model, e.g. MeasuredPrefillTime.FromCsv(\"data/prefill_by_prompt.csv\")");

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double StepMs(StepWork work)
    {
        var ms = 0.0;
        if (work.DecodeSequences > 0)
        {
            // Verifying drafts: b sequences × (1 + drafts) positions, charged as a decode step of that many sequences.
            ms += Decode.StepMs(work.DecodeSequences + work.DraftTokens, work.MeanDecodeContext);
        }

        if (work.PrefillTokens > 0)
        {
            ms += Prefill.PrefillMs(work.PrefillTokens);
        }

        return ms;
    }
}
