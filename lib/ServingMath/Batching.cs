namespace ServingMath;

/// <summary>
/// Choosing a batch size: the best throughput under a latency limit, the throughput/latency Pareto
/// front, and a roofline model of one decode step.
/// </summary>
/// <remarks>
/// A decode step reads every weight once for the whole batch, plus each sequence's KV cache. At small
/// batches the step is bound by memory bandwidth and barely grows with the batch, so throughput grows
/// almost for free; at large batches compute or the growing KV reads take over and latency climbs.
/// </remarks>
public static class Batching
{
    /// <summary>
    /// The index of the highest-throughput option whose latency is within the limit, or null when
    /// none is. Ties in throughput go to the lower latency, then to the earlier index.
    /// </summary>
    /// <param name="throughput">Throughput of each option (e.g. tokens/s per batch size). Range: finite values.</param>
    /// <param name="latency">Latency of each option, same order and unit as <paramref name="latencyLimit"/>. Range: finite values.</param>
    /// <param name="latencyLimit">The highest acceptable latency. Range: finite.</param>
    /// <returns>The chosen index, or null when every option breaks the limit.</returns>
    /// <example><c>BestBatchIndex([100, 180, 240], [200, 450, 900], 500)</c> is 1.</example>
    public static int? BestBatchIndex(IReadOnlyList<double> throughput, IReadOnlyList<double> latency, double latencyLimit)
    {
        LibraryCalls.Record(typeof(Batching));
        Guard.FiniteList(throughput, nameof(throughput), "throughput of each option");
        Guard.FiniteList(latency, nameof(latency), "latency of each option");
        Guard.SameLength(throughput, nameof(throughput), latency, nameof(latency));
        Guard.Finite(latencyLimit, nameof(latencyLimit), "highest acceptable latency");
        return Selection.BestWithinLimit(throughput, latency, latencyLimit);
    }

    /// <summary>
    /// The Pareto front: indices of options that no other option beats on both counts (at least as much
    /// throughput and at most as much latency, better on one). Sorted by latency, ascending.
    /// </summary>
    /// <param name="throughput">Throughput of each option. Range: finite values.</param>
    /// <param name="latency">Latency of each option, same order. Range: finite values.</param>
    public static IReadOnlyList<int> ParetoFront(IReadOnlyList<double> throughput, IReadOnlyList<double> latency)
    {
        LibraryCalls.Record(typeof(Batching));
        Guard.FiniteList(throughput, nameof(throughput), "throughput of each option");
        Guard.FiniteList(latency, nameof(latency), "latency of each option");
        Guard.SameLength(throughput, nameof(throughput), latency, nameof(latency));
        var front = new List<int>();
        for (var i = 0; i < throughput.Count; i++)
        {
            var dominated = false;
            for (var j = 0; j < throughput.Count && !dominated; j++)
            {
                dominated = j != i && throughput[j] >= throughput[i] && latency[j] <= latency[i]
                    && (throughput[j] > throughput[i] || latency[j] < latency[i]);
            }

            if (!dominated)
            {
                front.Add(i);
            }
        }

        return [.. front.OrderBy(i => latency[i]).ThenBy(i => i)];
    }

    /// <summary>
    /// Roofline time of one decode step for a batch: the larger of the memory time
    /// (weights + batch × context × KV bytes per token) / bandwidth and the compute time
    /// batch × 2 × parameters / peak FLOP/s. Each sequence reads its KV cache once per step.
    /// </summary>
    /// <param name="model">The model shape (weights and KV bytes per token).</param>
    /// <param name="batchSize">Sequences decoded together (B). Range: B ≥ 1.</param>
    /// <param name="contextTokens">Tokens of context each sequence holds (T). Range: T ≥ 0.</param>
    /// <param name="bandwidthBytesPerSecond">Memory bandwidth, bytes/s (H100 measured copy: 3.02e12). Range: &gt; 0.</param>
    /// <param name="peakFlopsPerSecond">Peak matrix FLOP/s (H100 measured bf16: 780e12). Range: &gt; 0.</param>
    /// <returns>The memory time, compute time and step time in ms, and which bound wins.</returns>
    public static RooflineStep RooflineStep(ModelShape model, int batchSize, int contextTokens,
        double bandwidthBytesPerSecond, double peakFlopsPerSecond)
    {
        Guard.NotNull(model, nameof(model), "model shape");
        Guard.Positive(batchSize, nameof(batchSize), "sequences in the batch");
        Guard.NonNegative(contextTokens, nameof(contextTokens), "tokens of context per sequence");
        Guard.Positive(bandwidthBytesPerSecond, nameof(bandwidthBytesPerSecond), "memory bandwidth in bytes per second");
        Guard.Positive(peakFlopsPerSecond, nameof(peakFlopsPerSecond), "peak FLOP per second");
        var bytes = model.WeightBytes + ((double)batchSize * contextTokens * model.KvBytesPerToken);
        var flops = 2.0 * model.Parameters * batchSize;
        var memoryMs = bytes / bandwidthBytesPerSecond * 1000;
        var computeMs = flops / peakFlopsPerSecond * 1000;
        return new RooflineStep(batchSize, contextTokens, memoryMs, computeMs);
    }

    /// <summary>
    /// The roofline crossover: the smallest batch B at which a decode step becomes compute-bound, i.e.
    /// 2·P·B / F &gt; (W + B·T·k) / BW. Rearranged: B·(2·P·BW − T·k·F) &gt; W·F, so
    /// B = ⌊W·F / (2·P·BW − T·k·F)⌋ + 1 when 2·P·BW &gt; T·k·F, and never (null) otherwise: past
    /// T = 2·P·BW / (k·F) tokens of context every extra sequence adds more bytes than FLOPs, and the step stays memory-bound
    /// at any batch. At an exact tie the step counts as memory-bound (as in <see cref="ServingMath.RooflineStep.IsMemoryBound"/>).
    /// </summary>
    /// <remarks>
    /// The inputs are taken as the decimal numbers they were written as and the comparison is done in
    /// <see cref="decimal"/>, so a crossover that falls exactly on a whole batch is not moved by binary round-off.
    /// </remarks>
    /// <param name="weightBytes">Bytes of weights read every step (W). Range: &gt; 0.</param>
    /// <param name="parameters">Parameters (P); a step does 2·P FLOPs per sequence. Range: &gt; 0.</param>
    /// <param name="kvBytesPerToken">KV-cache bytes per token of context (k). Range: ≥ 0.</param>
    /// <param name="contextTokens">Tokens of context each sequence holds (T). Range: ≥ 0.</param>
    /// <param name="bandwidthBytesPerSecond">Memory bandwidth, bytes/s (BW). Range: &gt; 0.</param>
    /// <param name="peakFlopsPerSecond">Peak FLOP/s (F). Range: &gt; 0.</param>
    /// <returns>The smallest compute-bound batch, or null when no batch is.</returns>
    /// <example><c>RooflineCrossoverBatch(KvCache.Llama3_8B, 0, 3.021e12, 780e12)</c> is 259; with 512 tokens of context it is null.</example>
    public static int? RooflineCrossoverBatch(double weightBytes, double parameters, double kvBytesPerToken, int contextTokens,
        double bandwidthBytesPerSecond, double peakFlopsPerSecond)
    {
        LibraryCalls.Record(typeof(Batching));
        Guard.Positive(weightBytes, nameof(weightBytes), "bytes of weights");
        Guard.Positive(parameters, nameof(parameters), "parameters");
        Guard.NonNegative(kvBytesPerToken, nameof(kvBytesPerToken), "KV bytes per token");
        Guard.NonNegative(contextTokens, nameof(contextTokens), "tokens of context per sequence");
        Guard.Positive(bandwidthBytesPerSecond, nameof(bandwidthBytesPerSecond), "memory bandwidth in bytes per second");
        Guard.Positive(peakFlopsPerSecond, nameof(peakFlopsPerSecond), "peak FLOP per second");
        double quotient;
        try
        {
            var w = (decimal)weightBytes;
            var f = (decimal)peakFlopsPerSecond;
            var headroom = (2 * (decimal)parameters * (decimal)bandwidthBytesPerSecond) - (contextTokens * (decimal)kvBytesPerToken * f);
            if (headroom <= 0)
            {
                return null;
            }

            var batches = decimal.Floor(w * f / headroom) + 1;
            return batches > int.MaxValue ? null : (int)batches;
        }
        catch (OverflowException)
        {
            // beyond decimal's range: double arithmetic (no exact ties at such magnitudes)
            var headroom = (2 * parameters * bandwidthBytesPerSecond) - (contextTokens * kvBytesPerToken * peakFlopsPerSecond);
            if (!(headroom > 0))
            {
                return null;
            }

            quotient = weightBytes * peakFlopsPerSecond / headroom;
        }

        return quotient >= int.MaxValue ? null : (int)Math.Floor(quotient) + 1;
    }

    /// <summary>The roofline crossover batch for a model shape (see the overload with the shape's numbers).</summary>
    /// <param name="model">The model shape: its weights, parameters and KV bytes per token.</param>
    /// <param name="contextTokens">Tokens of context each sequence holds (T). Range: ≥ 0.</param>
    /// <param name="bandwidthBytesPerSecond">Memory bandwidth, bytes/s. Range: &gt; 0.</param>
    /// <param name="peakFlopsPerSecond">Peak FLOP/s. Range: &gt; 0.</param>
    /// <returns>The smallest compute-bound batch, or null when no batch is.</returns>
    public static int? RooflineCrossoverBatch(ModelShape model, int contextTokens, double bandwidthBytesPerSecond, double peakFlopsPerSecond)
    {
        Guard.NotNull(model, nameof(model), "model shape");
        return RooflineCrossoverBatch(model.WeightBytes, model.Parameters, model.KvBytesPerToken, contextTokens, bandwidthBytesPerSecond, peakFlopsPerSecond);
    }

    /// <summary>Decode throughput of a batch: B tokens every step, B / step time × 1000 tokens/s.</summary>
    /// <param name="batchSize">Sequences decoded together (B). Range: B ≥ 1.</param>
    /// <param name="stepMs">Time of one decode step, ms. Range: &gt; 0.</param>
    public static double TokensPerSecond(int batchSize, double stepMs)
    {
        Guard.Positive(batchSize, nameof(batchSize), "sequences in the batch");
        Guard.Positive(stepMs, nameof(stepMs), "milliseconds per decode step");
        return batchSize / stepMs * 1000;
    }
}

/// <summary>One decode step under the roofline model.</summary>
/// <param name="BatchSize">Sequences in the batch.</param>
/// <param name="ContextTokens">Tokens of context per sequence.</param>
/// <param name="MemoryMs">Time to move the bytes at full bandwidth, ms.</param>
/// <param name="ComputeMs">Time to do the FLOPs at peak, ms.</param>
public sealed record RooflineStep(int BatchSize, int ContextTokens, double MemoryMs, double ComputeMs)
{
    /// <summary>The step time: the larger of the two bounds, ms. A measured step is slower (kernels below the copy bandwidth, fixed per-step costs).</summary>
    public double StepMs => Math.Max(MemoryMs, ComputeMs);

    /// <summary>True when moving bytes, not arithmetic, sets the step time.</summary>
    public bool IsMemoryBound => MemoryMs >= ComputeMs;

    /// <summary>Tokens per second at the roofline step time.</summary>
    public double TokensPerSecond => BatchSize / StepMs * 1000;
}
