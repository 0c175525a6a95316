using System.Runtime.CompilerServices;

namespace ServingMath.Simulation;

/// <summary>How long one decode step of a running batch takes (one output token for every sequence in the batch).</summary>
public interface IStepTimeModel
{
    /// <summary>The decode step time (TPOT of every sequence in the batch), milliseconds.</summary>
    /// <param name="batchSize">Sequences in the batch (b). Range: b ≥ 1.</param>
    /// <param name="contextTokens">Mean context length per sequence (prompt + tokens generated so far), tokens. Range: ≥ 0.</param>
    /// <returns>Step time, milliseconds; positive.</returns>
    double StepMs(int batchSize, int contextTokens);
}

/// <summary>
/// Decode step time interpolated from measured rows (e.g. <c>decode_by_batch.csv</c>, measured at contexts 512, 2048 and 8192).
/// </summary>
/// <remarks>
/// For each measured context, time is piecewise linear in batch size; between two measured contexts it is linear in context
/// (the KV cache read grows linearly with context). Outside the data: below the smallest measured batch or context the
/// time is clamped to the edge (weights dominate a small step); above the largest batch of a context, and above the largest
/// context, it is extrapolated along the last segment (memory traffic keeps growing linearly) but never below the last
/// measured value. E.g. the H100 file measures context 8192 only up to batch 32; batch 128 at 8192 extrapolates to ≈ 52 ms,
/// close to the roofline's 51 ms.
/// </remarks>
public sealed class MeasuredStepTime : IStepTimeModel
{
    private readonly int[] contexts;
    private readonly double[][] batches;
    private readonly double[][] times;

    /// <summary>Builds the model from measured decode steps.</summary>
    /// <param name="rows">Measured rows; each (batch, context) once, batch ≥ 1, context ≥ 0, TPOT &gt; 0 ms.</param>
    public MeasuredStepTime(IEnumerable<DecodeStep> rows)
    {
        Guard.NotNull(rows, nameof(rows));
        var list = rows.ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException("rows must hold at least one measured decode step; got none", nameof(rows));
        }

        foreach (var r in list)
        {
            Guard.Positive(r.Batch, nameof(rows), "batch size of every row");
            Guard.NonNegative(r.ContextTokens, nameof(rows), "context tokens of every row");
            Guard.Positive(r.TpotMs, nameof(rows), "TPOT in milliseconds of every row");
        }

        var groups = list.GroupBy(r => r.ContextTokens).OrderBy(g => g.Key).ToArray();
        contexts = groups.Select(g => g.Key).ToArray();
        batches = new double[groups.Length][];
        times = new double[groups.Length][];
        for (var k = 0; k < groups.Length; k++)
        {
            var sorted = groups[k].OrderBy(r => r.Batch).ToArray();
            for (var i = 1; i < sorted.Length; i++)
            {
                if (sorted[i].Batch == sorted[i - 1].Batch)
                {
                    throw new ArgumentException(
                        $"rows must hold each (batch, context) once; batch {sorted[i].Batch} at context {groups[k].Key} appears twice", nameof(rows));
                }
            }

            batches[k] = sorted.Select(r => (double)r.Batch).ToArray();
            times[k] = sorted.Select(r => r.TpotMs).ToArray();
        }
    }

    /// <summary>Loads <c>decode_by_batch.csv</c> (see <see cref="Measurements.LoadDecodeSteps"/>) and builds the model.</summary>
    /// <param name="path">Path to the CSV, e.g. <c>data/decode_by_batch.csv</c>.</param>
    /// <returns>The model.</returns>
    public static MeasuredStepTime FromCsv(string path) => new(Measurements.LoadDecodeSteps(path));

    /// <summary>The measured context lengths, ascending, tokens.</summary>
    public IReadOnlyList<int> Contexts => contexts;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double StepMs(int batchSize, int contextTokens)
    {
        Guard.Positive(batchSize, nameof(batchSize), "sequences in the batch");
        Guard.NonNegative(contextTokens, nameof(contextTokens), "tokens of context per sequence");
        if (contexts.Length == 1 || contextTokens <= contexts[0])
        {
            return Piecewise.Linear(batches[0], times[0], batchSize);
        }

        var k = 1;
        while (k < contexts.Length - 1 && contexts[k] < contextTokens)
        {
            k++;
        }

        var low = Piecewise.Linear(batches[k - 1], times[k - 1], batchSize);
        var high = Piecewise.Linear(batches[k], times[k], batchSize);
        var fraction = (double)(contextTokens - contexts[k - 1]) / (contexts[k] - contexts[k - 1]);
        var value = low + (fraction * (high - low));
        return fraction > 1 ? Math.Max(value, high) : value;
    }
}

/// <summary>
/// The roofline step time as a simulator step model: <see cref="Batching.RooflineStep"/> for a model shape on a GPU,
/// StepMs = 1000 × max((W + b·c·k) / B, b·2N / P) with weights W bytes, KV bytes per token k, batch b, context c tokens,
/// memory bandwidth B bytes/s, N parameters and peak compute P FLOP/s. Minimal on purpose (no attention FLOPs, no
/// efficiency factor): a floor, not a prediction.
/// </summary>
public sealed class RooflineStepTime : IStepTimeModel
{
    /// <summary>Builds a roofline model.</summary>
    /// <param name="model">The model shape: its weights and KV bytes per token.</param>
    /// <param name="bandwidthBytesPerSecond">Memory bandwidth (B), bytes per second. Range: B &gt; 0.</param>
    /// <param name="peakFlopsPerSecond">Peak compute (P), FLOP per second. Range: P &gt; 0.</param>
    public RooflineStepTime(ModelShape model, double bandwidthBytesPerSecond, double peakFlopsPerSecond)
    {
        Guard.NotNull(model, nameof(model));
        Guard.Positive(bandwidthBytesPerSecond, nameof(bandwidthBytesPerSecond), "bytes per second");
        Guard.Positive(peakFlopsPerSecond, nameof(peakFlopsPerSecond), "FLOP per second");
        Model = model;
        BandwidthBytesPerSecond = bandwidthBytesPerSecond;
        PeakFlopsPerSecond = peakFlopsPerSecond;
    }

    /// <summary>
    /// Llama-3-8B on an H100 80GB, with the ceilings measured in <c>meta.json</c>: B = 3.021 TB/s, P = 780 TFLOP/s.
    /// Reproduces the <c>roofline_tpot_ms</c> column.
    /// </summary>
    public static RooflineStepTime Llama3_8B_H100 { get; } = new(KvCache.Llama3_8B, 3.021e12, 780e12);

    /// <summary>The model shape.</summary>
    public ModelShape Model { get; }

    /// <summary>Memory bandwidth (B), bytes per second.</summary>
    public double BandwidthBytesPerSecond { get; }

    /// <summary>Peak compute (P), FLOP per second.</summary>
    public double PeakFlopsPerSecond { get; }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double StepMs(int batchSize, int contextTokens) =>
        Batching.RooflineStep(Model, batchSize, contextTokens, BandwidthBytesPerSecond, PeakFlopsPerSecond).StepMs;
}

/// <summary>A step time that ignores batch and context: every decode step takes the same time (for checks against queueing theory).</summary>
public sealed class ConstantStepTime : IStepTimeModel
{
    /// <summary>Builds the model.</summary>
    /// <param name="milliseconds">The step time, milliseconds. Range: &gt; 0.</param>
    public ConstantStepTime(double milliseconds)
    {
        Guard.Positive(milliseconds, nameof(milliseconds), "milliseconds per decode step");
        Milliseconds = milliseconds;
    }

    /// <summary>The step time, milliseconds.</summary>
    public double Milliseconds { get; }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double StepMs(int batchSize, int contextTokens) => Milliseconds;
}

/// <summary>Piecewise-linear interpolation on sorted knots: clamped below the first knot, extrapolated (never downward) above the last.</summary>
internal static class Piecewise
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double Linear(double[] xs, double[] ys, double x)
    {
        if (xs.Length == 1 || x <= xs[0])
        {
            return ys[0];
        }

        var last = xs.Length - 1;
        if (x >= xs[last])
        {
            var slope = (ys[last] - ys[last - 1]) / (xs[last] - xs[last - 1]);
            return ys[last] + Math.Max(0, slope * (x - xs[last]));
        }

        var i = Array.BinarySearch(xs, x);
        if (i >= 0)
        {
            return ys[i];
        }

        var hi = ~i;
        var lo = hi - 1;
        return ys[lo] + ((ys[hi] - ys[lo]) * (x - xs[lo]) / (xs[hi] - xs[lo]));
    }
}
