namespace ServingMath;

/// <summary>
/// Serving a model too large for one GPU: tensor parallelism (each layer's matrices split over g GPUs, Megatron-LM style),
/// what it does to memory per GPU, to the decode step (a g-th of the bytes to read, plus two all-reduces per layer), and
/// to the cost of a fleet of such replicas; weight precision (bf16, fp8, int4) as bytes per parameter.
/// </summary>
/// <remarks>
/// Memory in decimal GB (10⁹ bytes), times in ms unless a name says seconds, bandwidths in bytes per second. The step model
/// is a roofline per GPU plus communication — a first model, not a measurement: M. Shoeybi et al., Megatron-LM (2019),
/// §3, for the two all-reduces per layer in the forward pass; the ring all-reduce's 2(g − 1)/g from NCCL's performance
/// notes (nccl-tests, doc/PERFORMANCE.md, "bus bandwidth").
/// </remarks>
public static class TensorParallel
{
    private const double SecondsPerHour = 3600;
    private const double Million = 1_000_000;

    /// <summary>
    /// Time of one all-reduce of <paramref name="messageBytes"/> over <paramref name="gpus"/> GPUs, ms:
    /// t_lat + 2(g − 1)/g × V / BW_link, and 0 on one GPU. A ring all-reduce sends each byte around the ring twice (a
    /// reduce-scatter, then an all-gather), so each GPU moves 2(g − 1)/g of the message.
    /// </summary>
    /// <param name="messageBytes">The message each GPU holds (V), bytes. Range: ≥ 0.</param>
    /// <param name="gpus">GPUs taking part (g). Range: ≥ 1.</param>
    /// <param name="busBytesPerSecond">The bus bandwidth the all-reduce reaches (BW_link), bytes per second. Range: &gt; 0.</param>
    /// <param name="latencySeconds">Fixed start-up time (t_lat), seconds. Range: ≥ 0.</param>
    /// <returns>The all-reduce's time, ms.</returns>
    /// <example><c>TensorParallel.AllReduceMs(1_048_576, 8, 370e9, 6e-6)</c> = 0.006 + 1.75 × 1 048 576 / 370e9 × 1000 ≈ 0.01096 ms.</example>
    public static double AllReduceMs(double messageBytes, int gpus, double busBytesPerSecond, double latencySeconds)
    {
        LibraryCalls.Record(typeof(TensorParallel));
        Guard.NonNegative(messageBytes, nameof(messageBytes), "bytes each GPU holds");
        Guard.Positive(gpus, nameof(gpus), "GPUs taking part");
        Guard.Positive(busBytesPerSecond, nameof(busBytesPerSecond), "all-reduce bus bandwidth, bytes per second");
        Guard.NonNegative(latencySeconds, nameof(latencySeconds), "start-up time of one all-reduce, seconds");
        if (gpus == 1)
        {
            return 0;
        }

        return (latencySeconds + (2.0 * (gpus - 1) / gpus * messageBytes / busBytesPerSecond)) * 1000;
    }

    /// <summary>
    /// KV-cache bytes one GPU holds per token of context under tensor parallelism of degree g: 2 × n_layers × max(1, H_kv / g) ×
    /// d × bytes. Each GPU keeps the KV heads of its own attention heads; beyond g = H_kv the heads are copied, not split
    /// further (vLLM replicates them).
    /// </summary>
    /// <param name="model">The model shape (n_layers, H_kv, d, bytes per element).</param>
    /// <param name="degree">GPUs per replica (g): a divisor or a multiple of the KV heads. Range: ≥ 1.</param>
    /// <returns>Bytes per token of context on each GPU.</returns>
    /// <example>Llama-3-70B: <c>TensorParallel.KvBytesPerTokenPerGpu(KvCache.Llama3_70B, 4)</c> = 2 × 80 × 2 × 128 × 2 = 81 920 bytes (a quarter of 320 KiB).</example>
    public static long KvBytesPerTokenPerGpu(ModelShape model, int degree)
    {
        LibraryCalls.Record(typeof(TensorParallel));
        Guard.NotNull(model, nameof(model), "the model shape");
        CheckDegree(model, degree);
        var headsPerGpu = Math.Max(1, model.KvHeads / degree);
        return 2L * model.Layers * headsPerGpu * model.HeadDim * model.BytesPerElement;
    }

    /// <summary>
    /// The smallest tensor-parallel degree whose GPUs hold the weights and the KV cache of <paramref name="concurrency"/>
    /// requests: the first g in <paramref name="degrees"/> with (M + N × k_req) / g ≤ G. Null when none does.
    /// </summary>
    /// <remarks>Assumes the KV cache splits evenly over the GPUs, true while g divides the KV heads (g ≤ 8 for Llama 3).</remarks>
    /// <param name="weightGb">All the weights (M), GB. Range: &gt; 0.</param>
    /// <param name="kvGbPerRequest">KV cache of one request at its full length (k_req = T·k), GB. Range: ≥ 0.</param>
    /// <param name="concurrency">Requests held at once (N). Range: ≥ 0.</param>
    /// <param name="usableGbPerGpu">Memory of one GPU for weights and KV (G), GB. Range: &gt; 0.</param>
    /// <param name="degrees">The degrees to try, smallest first (e.g. 1, 2, 4, 8). Range: each ≥ 1, increasing.</param>
    /// <returns>The smallest degree that fits, or null.</returns>
    /// <example><c>TensorParallel.SmallestDegreeThatFits(141.1, 2.684, 32, 76.54, [1, 2, 4, 8])</c> = 4: (141.1 + 85.9) / 2 = 113.5 GB is too much, / 4 = 56.7 GB fits.</example>
    public static int? SmallestDegreeThatFits(double weightGb, double kvGbPerRequest, int concurrency, double usableGbPerGpu, IReadOnlyList<int> degrees)
    {
        LibraryCalls.Record(typeof(TensorParallel));
        Guard.Positive(weightGb, nameof(weightGb), "all the weights, GB");
        Guard.NonNegative(kvGbPerRequest, nameof(kvGbPerRequest), "KV cache of one request, GB");
        Guard.NonNegative(concurrency, nameof(concurrency), "requests held at once");
        Guard.Positive(usableGbPerGpu, nameof(usableGbPerGpu), "usable memory of one GPU, GB");
        CheckDegrees(degrees);
        var totalGb = weightGb + (concurrency * kvGbPerRequest);
        foreach (var degree in degrees)
        {
            if (totalGb / degree <= usableGbPerGpu)
            {
                return degree;
            }
        }

        return null;
    }

    /// <summary>
    /// One decode step of a replica split over <paramref name="degree"/> GPUs, priced per GPU:
    /// StepMs = h + max((P·b/g + B·T·k_g) / BW, 2·P·B/g / F) + 2·n_layers × AllReduceMs(B × d_model × 2 bytes, g), with P parameters of b bytes, a batch of B sequences of T tokens of context, k_g KV bytes per token per GPU.
    /// </summary>
    /// <remarks>
    /// Every GPU reads a g-th of the weights and of the KV cache and does a g-th of the arithmetic at once; after the
    /// attention block and after the MLP of each layer the partial results are summed across the GPUs (an all-reduce of the
    /// batch's activations, B × d_model numbers). The compute rate is bf16's for every weight format: fp8 tensor cores would
    /// double it, and int4 kernels (W4A16) compute in bf16; decode here stays memory-bound (see <see cref="TensorParallelStep.MemoryBound"/>).
    /// Attention FLOPs are left out.
    /// </remarks>
    /// <param name="config">The model and the GPUs.</param>
    /// <param name="degree">GPUs per replica (g). Range: a divisor or a multiple of the KV heads.</param>
    /// <param name="batch">Sequences decoded in the step (B). Range: ≥ 1.</param>
    /// <param name="contextTokens">Tokens of context per sequence (T). Range: ≥ 0.</param>
    /// <param name="bytesPerParameter">Bytes per weight (b): 2 (bf16), 1 (fp8), 0.5 (int4). Range: &gt; 0.</param>
    /// <returns>The step's parts and its time.</returns>
    /// <example><c>TensorParallel.DecodeStep(TensorParallelConfig.Llama3_70B_H100, 4, 32, 2048, 2).StepMs</c> ≈ 16.7 ms: 11.68 weights + 1.78 KV + 1.92 overhead + 1.30 all-reduce.</example>
    public static TensorParallelStep DecodeStep(TensorParallelConfig config, int degree, int batch, int contextTokens, double bytesPerParameter)
    {
        LibraryCalls.Record(typeof(TensorParallel));
        Guard.NotNull(config, nameof(config), "the model and the GPUs");
        CheckDegree(config.Model, degree);
        Guard.Positive(batch, nameof(batch), "sequences decoded in the step");
        Guard.NonNegative(contextTokens, nameof(contextTokens), "tokens of context per sequence");
        Guard.Positive(bytesPerParameter, nameof(bytesPerParameter), "bytes per weight, 2 for bf16");
        var model = config.Model;
        var weightsMs = model.Parameters * bytesPerParameter / degree / config.BandwidthBytesPerSecond * 1000;
        var kvMs = (double)batch * contextTokens * KvBytesPerTokenPerGpu(model, degree) / config.BandwidthBytesPerSecond * 1000;
        var computeMs = 2.0 * model.Parameters * batch / degree / config.EffectiveFlopsPerSecond * 1000;
        var messageBytes = (double)batch * config.HiddenSize * TensorParallelConfig.ActivationBytes;
        var allReduceMs = 2.0 * model.Layers * AllReduceMs(messageBytes, degree, config.AllReduceBusBytesPerSecond, config.AllReduceLatencySeconds);
        return new TensorParallelStep(degree, batch, contextTokens, weightsMs, kvMs, computeMs, allReduceMs, config.OverheadMs);
    }

    /// <summary>
    /// The largest batch a replica of <paramref name="degree"/> GPUs can decode: the largest B ≥ 1 whose weights and KV fit
    /// each GPU, P·b/g + B·T·k_g ≤ G (in GB), and whose step meets the TPOT limit, StepMs(B) ≤ limit. 0 when even B = 1
    /// does not.
    /// </summary>
    /// <param name="config">The model and the GPUs (G is <see cref="TensorParallelConfig.UsableGbPerGpu"/>).</param>
    /// <param name="degree">GPUs per replica (g).</param>
    /// <param name="bytesPerParameter">Bytes per weight. Range: &gt; 0.</param>
    /// <param name="contextTokens">Tokens of context per sequence (T). Range: ≥ 1.</param>
    /// <param name="tpotLimitMs">The time-per-output-token limit, ms. Range: &gt; 0.</param>
    /// <returns>The largest batch, or 0.</returns>
    /// <example><c>TensorParallel.LargestBatch(TensorParallelConfig.Llama3_70B_H100, 4, 2, 2048, 20)</c>: 82 sequences (the KV memory would allow 245; the 20 ms limit stops it first).</example>
    public static int LargestBatch(TensorParallelConfig config, int degree, double bytesPerParameter, int contextTokens, double tpotLimitMs)
    {
        LibraryCalls.Record(typeof(TensorParallel));
        Guard.NotNull(config, nameof(config), "the model and the GPUs");
        Guard.Positive(contextTokens, nameof(contextTokens), "tokens of context per sequence");
        Guard.Positive(tpotLimitMs, nameof(tpotLimitMs), "time-per-output-token limit, ms");
        var batch = 0;
        while (Fits(config, degree, bytesPerParameter, contextTokens, batch + 1)
            && DecodeStep(config, degree, batch + 1, contextTokens, bytesPerParameter).StepMs <= tpotLimitMs)
        {
            batch++;
        }

        return batch;
    }

    /// <summary>
    /// The cheapest way to serve <paramref name="targetTokensPerSecond"/> within a TPOT limit: for every weight format and
    /// degree, the largest batch (<see cref="LargestBatch"/>), the replicas ⌈target / replica tokens/s⌉ and the GPUs
    /// replicas × g; the layout with the fewest GPUs wins (ties: the earlier format, then the smaller degree). Null when no
    /// layout meets the limit.
    /// </summary>
    /// <param name="config">The model and the GPUs.</param>
    /// <param name="degrees">Degrees to try (e.g. 1, 2, 4, 8). Range: each ≥ 1, increasing.</param>
    /// <param name="bytesPerParameterOptions">Weight formats to try, as bytes per weight (e.g. 2, 1). Range: each &gt; 0.</param>
    /// <param name="targetTokensPerSecond">Output tokens per second the fleet must make. Range: &gt; 0.</param>
    /// <param name="contextTokens">Tokens of context per sequence. Range: ≥ 1.</param>
    /// <param name="tpotLimitMs">The TPOT limit, ms. Range: &gt; 0.</param>
    /// <param name="gpuHourlyCost">Price of one GPU for an hour, $. Range: ≥ 0.</param>
    /// <returns>The cheapest layout, or null.</returns>
    /// <example><c>TensorParallel.CheapestLayout(TensorParallelConfig.Llama3_70B_H100, [1, 2, 4, 8], [2, 1], 20_000, 2048, 25, 3)</c>: fp8 weights on 6 replicas of 2 GPUs, 12 GPUs, $0.50 per million tokens (bf16 needs 16).</example>
    public static ServingLayout? CheapestLayout(TensorParallelConfig config, IReadOnlyList<int> degrees, IReadOnlyList<double> bytesPerParameterOptions,
        double targetTokensPerSecond, int contextTokens, double tpotLimitMs, double gpuHourlyCost)
    {
        LibraryCalls.Record(typeof(TensorParallel));
        Guard.NotNull(config, nameof(config), "the model and the GPUs");
        CheckDegrees(degrees);
        Guard.FiniteList(bytesPerParameterOptions, nameof(bytesPerParameterOptions), "bytes per weight of each format to try");
        Guard.Positive(targetTokensPerSecond, nameof(targetTokensPerSecond), "output tokens per second the fleet must make");
        Guard.NonNegative(gpuHourlyCost, nameof(gpuHourlyCost), "price of one GPU for an hour");
        ServingLayout? best = null;
        foreach (var bytes in bytesPerParameterOptions)
        {
            foreach (var degree in degrees)
            {
                var batch = LargestBatch(config, degree, bytes, contextTokens, tpotLimitMs);
                if (batch == 0)
                {
                    continue;
                }

                var step = DecodeStep(config, degree, batch, contextTokens, bytes);
                var replicas = (int)Math.Ceiling(targetTokensPerSecond / step.TokensPerSecond);
                var gpus = replicas * degree;
                if (best is null || gpus < best.Gpus)
                {
                    var cost = gpus * gpuHourlyCost / (targetTokensPerSecond * SecondsPerHour) * Million;
                    best = new ServingLayout(degree, bytes, batch, step.StepMs, replicas, gpus, cost);
                }
            }
        }

        return best;
    }

    private static bool Fits(TensorParallelConfig config, int degree, double bytesPerParameter, int contextTokens, int batch)
    {
        var bytesPerGpu = (config.Model.Parameters * bytesPerParameter / degree) + ((double)batch * contextTokens * KvBytesPerTokenPerGpu(config.Model, degree));
        return bytesPerGpu / KvCache.BytesPerGb <= config.UsableGbPerGpu;
    }

    private static void CheckDegree(ModelShape model, int degree)
    {
        Guard.Positive(degree, nameof(degree), "GPUs per replica (tensor-parallel degree)");
        if (model.KvHeads % degree != 0 && degree % model.KvHeads != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(degree), degree,
                $"degree (GPUs per replica) must divide the model's {model.KvHeads} KV heads or be a multiple of them, so every GPU holds whole heads; got {degree}.");
        }
    }

    private static void CheckDegrees(IReadOnlyList<int>? degrees)
    {
        Guard.NotNull(degrees, nameof(degrees), "the degrees to try");
        if (degrees!.Count == 0)
        {
            throw new ArgumentException("degrees (the tensor-parallel degrees to try) is empty; pass e.g. [1, 2, 4, 8].", nameof(degrees));
        }

        for (var i = 0; i < degrees.Count; i++)
        {
            Guard.Positive(degrees[i], nameof(degrees), $"degree {i}");
            if (i > 0 && degrees[i] <= degrees[i - 1])
            {
                throw new ArgumentException($"degrees must increase (smallest first); got {degrees[i - 1]} then {degrees[i]}.", nameof(degrees));
            }
        }
    }
}
