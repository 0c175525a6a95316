using System.Runtime.CompilerServices;

namespace ServingMath.Simulation;

/// <summary>
/// A step cost from the roofline of the whole forward pass, mixed or not:
/// StepMs = h + 1000 × max((W + Σcontext·k) / B, 2N·(b + p) / P), with host/launch overhead h ms, weights W bytes, KV bytes
/// per token k, bandwidth B bytes/s, N parameters, b decode sequences, p prompt tokens (plus draft tokens verified under
/// speculative decoding) and effective compute P FLOP/s.
/// </summary>
/// <remarks>
/// The pass reads the weights once and the KV of every decode, and multiplies every token it holds by the weights: a
/// decode-heavy step is memory-bound and a prefill-heavy one compute-bound, so prompt tokens added to a decode step
/// are nearly free until compute catches up with the weight read — why chunked prefill (Sarathi-Serve, vLLM V1)
/// steadies decoding. Attention FLOPs are left out (they grow with the prompt's square and matter beyond ~8 000 tokens).
/// </remarks>
public sealed class RooflineStepCost : IStepCostModel
{
    /// <summary>Builds the model.</summary>
    /// <param name="model">The model shape: weights (W, N) and KV bytes per token (k).</param>
    /// <param name="bandwidthBytesPerSecond">Memory bandwidth (B), bytes per second. Range: B &gt; 0.</param>
    /// <param name="effectiveFlopsPerSecond">Compute actually reached on large batches (P), FLOP per second. Range: P &gt; 0.</param>
    /// <param name="overheadMs">Fixed time per pass beyond the roofline (h), milliseconds: kernel launches, sampling. Range: ≥ 0.</param>
    public RooflineStepCost(ModelShape model, double bandwidthBytesPerSecond, double effectiveFlopsPerSecond, double overheadMs)
    {
        Model = Guard.NotNull(model, nameof(model), "the model shape, e.g. KvCache.Llama3_8B");
        Guard.Positive(bandwidthBytesPerSecond, nameof(bandwidthBytesPerSecond), "bytes per second");
        Guard.Positive(effectiveFlopsPerSecond, nameof(effectiveFlopsPerSecond), "FLOP per second");
        Guard.NonNegative(overheadMs, nameof(overheadMs), "milliseconds per pass");
        BandwidthBytesPerSecond = bandwidthBytesPerSecond;
        EffectiveFlopsPerSecond = effectiveFlopsPerSecond;
        OverheadMs = overheadMs;
    }

    /// <summary>
    /// Llama-3-8B on an H100 80GB, calibrated on the measured files: B = 3.021 TB/s (measured); P from the measured prefill
    /// slope, 2N × 2048 tokens / (113.879 − 56.716) ms ≈ 575 TFLOP/s (74 % of the 780 TFLOP/s peak); h = 7.2576 ms (the
    /// measured batch-1 decode step at context 512) minus its roofline (W + 512·k) / B ≈ 5.338 ms, so h ≈ 1.92 ms.
    /// </summary>
    public static RooflineStepCost Llama3_8B_H100 { get; } = new(
        KvCache.Llama3_8B,
        3.021e12,
        2.0 * KvCache.Llama3_8B.Parameters * 2048 / ((113.879 - 56.716) / 1000),
        7.2576 - ((KvCache.Llama3_8B.WeightBytes + (512.0 * KvCache.Llama3_8B.KvBytesPerToken)) / 3.021e12 * 1000));

    /// <summary>The model shape.</summary>
    public ModelShape Model { get; }

    /// <summary>Memory bandwidth (B), bytes per second.</summary>
    public double BandwidthBytesPerSecond { get; }

    /// <summary>Effective compute (P), FLOP per second.</summary>
    public double EffectiveFlopsPerSecond { get; }

    /// <summary>Fixed time per pass (h), milliseconds.</summary>
    public double OverheadMs { get; }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double StepMs(StepWork work)
    {
        var memoryMs = (Model.WeightBytes + ((double)work.DecodeContextTokens * Model.KvBytesPerToken)) / BandwidthBytesPerSecond * 1000;
        var computeMs = 2.0 * Model.Parameters * ((double)work.DecodeSequences + work.PrefillTokens + work.DraftTokens) / EffectiveFlopsPerSecond * 1000;
        return OverheadMs + Math.Max(memoryMs, computeMs);
    }
}
