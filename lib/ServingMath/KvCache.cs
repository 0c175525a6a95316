namespace ServingMath;

/// <summary>
/// KV-cache memory: how many bytes each token of context holds on the GPU, how much memory is left for
/// the cache after the weights, and how many requests fit at once — reserving the maximum length
/// versus paged allocation in blocks of 16 tokens (vLLM's PagedAttention).
/// </summary>
/// <remarks>
/// Memory sizes are in decimal gigabytes (1 GB = 10⁹ bytes), as GPU spec sheets print them. The H100
/// "80 GB" holds 79.2 GiB = 85.0 GB.
/// </remarks>
public static class KvCache
{
    /// <summary>Bytes in one decimal gigabyte (10⁹).</summary>
    public const double BytesPerGb = 1e9;

    /// <summary>The tokens in one block of vLLM's paged KV cache.</summary>
    public const int DefaultBlockTokens = 16;

    /// <summary>Llama-2-7B: 32 layers, 32 KV heads (no grouped-query attention), head dim 128, bf16.</summary>
    public static ModelShape Llama2_7B { get; } = new("Llama-2-7B", 32, 32, 128, 2, 6_738_415_616);

    /// <summary>Llama-3-8B: 32 layers, 8 KV heads (grouped-query attention), head dim 128, bf16.</summary>
    public static ModelShape Llama3_8B { get; } = new("Llama-3-8B", 32, 8, 128, 2, 8_030_261_248);

    /// <summary>Llama-3-70B: 80 layers, 8 KV heads, head dim 128, bf16.</summary>
    public static ModelShape Llama3_70B { get; } = new("Llama-3-70B", 80, 8, 128, 2, 70_553_706_496);

    /// <summary>Mistral-7B: 32 layers, 8 KV heads, head dim 128, bf16.</summary>
    public static ModelShape Mistral7B { get; } = new("Mistral-7B", 32, 8, 128, 2, 7_241_732_096);

    /// <summary>The four preset model shapes.</summary>
    public static IReadOnlyList<ModelShape> Presets { get; } = [Llama2_7B, Llama3_8B, Llama3_70B, Mistral7B];

    /// <summary>
    /// KV-cache bytes per token: 2 (one key and one value) × layers × KV heads × head dim × bytes per element.
    /// </summary>
    /// <param name="layers">Transformer layers (L). Range: L ≥ 1.</param>
    /// <param name="kvHeads">Key/value heads per layer (H_kv; fewer than query heads under grouped-query attention). Range: ≥ 1.</param>
    /// <param name="headDim">Dimension of one head (d). Range: d ≥ 1.</param>
    /// <param name="bytesPerElement">Bytes per stored number: 2 for fp16/bf16, 1 for fp8. Range: ≥ 1.</param>
    /// <returns>Bytes of KV cache per token of context.</returns>
    /// <example>Llama-3-8B: <c>KvCache.BytesPerToken(32, 8, 128, 2)</c> = 131 072 bytes = 128 KiB.</example>
    public static long BytesPerToken(int layers, int kvHeads, int headDim, int bytesPerElement)
    {
        LibraryCalls.Record(typeof(KvCache));
        Guard.Positive(layers, nameof(layers), "transformer layers");
        Guard.Positive(kvHeads, nameof(kvHeads), "key/value heads per layer");
        Guard.Positive(headDim, nameof(headDim), "dimension of one attention head");
        Guard.Positive(bytesPerElement, nameof(bytesPerElement), "bytes per element, 2 for bf16");
        return 2L * layers * kvHeads * headDim * bytesPerElement;
    }

    /// <summary>
    /// KV-cache size of one request holding <paramref name="tokens"/> tokens of context, in GB:
    /// tokens × bytes per token / 10⁹.
    /// </summary>
    /// <param name="model">The model shape.</param>
    /// <param name="tokens">Prompt plus generated tokens held. Range: ≥ 0.</param>
    public static double GbPerRequest(ModelShape model, int tokens)
    {
        LibraryCalls.Record(typeof(KvCache));
        Guard.NotNull(model, nameof(model), "model shape");
        Guard.NonNegative(tokens, nameof(tokens), "tokens of context");
        return tokens * (double)model.KvBytesPerToken / BytesPerGb;
    }

    /// <summary>
    /// How many requests fit in the KV cache at once: ⌊available / per request⌋, with decimal inputs
    /// taken exactly as written (so 32 GB / 0.8 GB is 40, not the 39 of Python's <c>32 // 0.8</c>, and 32.8 / 0.8 is 41, not the 40 of <c>Math.Floor(32.8 / 0.8)</c>).
    /// </summary>
    /// <param name="availableGb">GPU memory left for the KV cache, GB. Range: ≥ 0.</param>
    /// <param name="kvPerRequestGb">KV cache one request needs, GB. Range: &gt; 0.</param>
    /// <returns>The number of whole requests that fit.</returns>
    public static int MaxConcurrentRequests(double availableGb, double kvPerRequestGb)
    {
        LibraryCalls.Record(typeof(KvCache));
        Guard.NonNegative(availableGb, nameof(availableGb), "GB of memory for the KV cache");
        Guard.Positive(kvPerRequestGb, nameof(kvPerRequestGb), "GB of KV cache per request");
        return Guard.FitsInt(ExactRatio.Floor(availableGb, kvPerRequestGb), nameof(availableGb),
            $"availableGb {Guard.Show(availableGb)} / kvPerRequestGb {Guard.Show(kvPerRequestGb)} requests");
    }

    /// <summary>
    /// GPU memory left for the KV cache: gpu × memoryFraction − weights − other, in GB. vLLM's
    /// <c>gpu_memory_utilization</c> (default 0.9) is the memory fraction.
    /// </summary>
    /// <param name="gpuMemoryGb">The card's memory, GB (an H100 80GB has 85.0 GB). Range: &gt; 0.</param>
    /// <param name="weightsGb">The model weights, GB (Llama-3-8B in bf16: 16.06 GB). Range: ≥ 0.</param>
    /// <param name="memoryFraction">The fraction of the card the server may use. Range: 0 &lt; f ≤ 1.</param>
    /// <param name="otherGb">Activations, CUDA graphs and other overhead, GB. Range: ≥ 0.</param>
    /// <returns>GB available for the KV cache; the call fails when nothing is left.</returns>
    public static double AvailableGb(double gpuMemoryGb, double weightsGb, double memoryFraction = 0.9, double otherGb = 0)
    {
        LibraryCalls.Record(typeof(KvCache));
        Guard.Positive(gpuMemoryGb, nameof(gpuMemoryGb), "GB of GPU memory");
        Guard.NonNegative(weightsGb, nameof(weightsGb), "GB of model weights");
        Guard.FractionUpToOne(memoryFraction, nameof(memoryFraction), "fraction of GPU memory the server may use");
        Guard.NonNegative(otherGb, nameof(otherGb), "GB of other overhead");
        var left = (gpuMemoryGb * memoryFraction) - weightsGb - otherGb;
        if (left <= 0)
        {
            throw new ArgumentException(
                $"the model does not fit: gpuMemoryGb {Guard.Show(gpuMemoryGb)} × memoryFraction {Guard.Show(memoryFraction)} − weightsGb {Guard.Show(weightsGb)} " +
                $"− otherGb {Guard.Show(otherGb)} leaves {Guard.Show(left)} GB for the KV cache. Use a bigger GPU, more GPUs or a quantized model.",
                nameof(weightsGb));
        }

        return left;
    }

    /// <summary>Tokens of context that fit in the KV cache: ⌊available bytes / bytes per token⌋.</summary>
    /// <param name="availableGb">GB for the KV cache. Range: ≥ 0.</param>
    /// <param name="bytesPerToken">KV bytes per token (see <see cref="BytesPerToken"/>). Range: ≥ 1.</param>
    public static long MaxTokens(double availableGb, long bytesPerToken)
    {
        LibraryCalls.Record(typeof(KvCache));
        Guard.NonNegative(availableGb, nameof(availableGb), "GB of memory for the KV cache");
        Guard.Positive(bytesPerToken, nameof(bytesPerToken), "KV bytes per token");
        // ⌊availableGb × 10⁹ / bytesPerToken⌋ exactly: 10⁹ bytes per GB enters as the written 1E-09 GB per byte.
        var tokens = ExactRatio.Floor(availableGb, bytesPerToken, 1 / BytesPerGb);
        if (tokens > long.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(availableGb),
                $"availableGb is too large: {Guard.Show(availableGb)} GB / {bytesPerToken} bytes per token is more tokens than a long holds.");
        }

        return (long)tokens;
    }

    /// <summary>Blocks a sequence occupies in a paged KV cache: ⌈tokens / block size⌉.</summary>
    /// <param name="tokens">Tokens in the sequence. Range: ≥ 0.</param>
    /// <param name="blockTokens">Tokens per block (vLLM: 16). Range: ≥ 1.</param>
    public static long Blocks(long tokens, int blockTokens = DefaultBlockTokens)
    {
        Guard.NonNegative(tokens, nameof(tokens), "tokens in the sequence");
        Guard.Positive(blockTokens, nameof(blockTokens), "tokens per block");
        return (tokens + blockTokens - 1) / blockTokens;
    }

    /// <summary>
    /// Concurrency when every request reserves the model's maximum sequence length up front (what
    /// servers did before paged attention): ⌊available tokens / max sequence length⌋.
    /// </summary>
    /// <param name="availableGb">GB for the KV cache. Range: ≥ 0.</param>
    /// <param name="model">The model shape.</param>
    /// <param name="maxSequenceTokens">The maximum context a request may reach, tokens. Range: ≥ 1.</param>
    public static int ConcurrencyReservingMaxLength(double availableGb, ModelShape model, int maxSequenceTokens)
    {
        LibraryCalls.Record(typeof(KvCache));
        Guard.NotNull(model, nameof(model), "model shape");
        Guard.Positive(maxSequenceTokens, nameof(maxSequenceTokens), "maximum sequence length in tokens");
        return Guard.FitsInt(MaxTokens(availableGb, model.KvBytesPerToken) / maxSequenceTokens, nameof(availableGb),
            $"availableGb {Guard.Show(availableGb)} holds {MaxTokens(availableGb, model.KvBytesPerToken)} tokens, / maxSequenceTokens {maxSequenceTokens} requests");
    }

    /// <summary>
    /// Concurrency with paged allocation: each request holds only the blocks its actual tokens need,
    /// ⌊available blocks / ⌈tokens / block size⌉⌋. Waste is at most one partly filled block per request.
    /// </summary>
    /// <param name="availableGb">GB for the KV cache. Range: ≥ 0.</param>
    /// <param name="model">The model shape.</param>
    /// <param name="tokensPerRequest">Prompt plus output tokens a typical request actually holds. Range: ≥ 1.</param>
    /// <param name="blockTokens">Tokens per block (vLLM: 16). Range: ≥ 1.</param>
    public static int ConcurrencyPaged(double availableGb, ModelShape model, int tokensPerRequest, int blockTokens = DefaultBlockTokens)
    {
        LibraryCalls.Record(typeof(KvCache));
        Guard.NotNull(model, nameof(model), "model shape");
        Guard.Positive(tokensPerRequest, nameof(tokensPerRequest), "tokens per request");
        Guard.Positive(blockTokens, nameof(blockTokens), "tokens per block");
        var blocksAvailable = MaxTokens(availableGb, model.KvBytesPerToken) / blockTokens;
        return Guard.FitsInt(blocksAvailable / Blocks(tokensPerRequest, blockTokens), nameof(availableGb),
            $"availableGb {Guard.Show(availableGb)} holds {blocksAvailable} blocks, / {Blocks(tokensPerRequest, blockTokens)} blocks per request");
    }
}

/// <summary>The shape of a decoder-only transformer, as far as serving memory is concerned.</summary>
/// <param name="Name">A display name, e.g. "Llama-3-8B".</param>
/// <param name="Layers">Transformer layers.</param>
/// <param name="KvHeads">Key/value heads per layer.</param>
/// <param name="HeadDim">Dimension of one attention head.</param>
/// <param name="BytesPerElement">Bytes per stored number (2 for bf16).</param>
/// <param name="Parameters">Number of weights.</param>
public sealed record ModelShape(string Name, int Layers, int KvHeads, int HeadDim, int BytesPerElement, long Parameters)
{
    /// <summary>KV-cache bytes per token of context (see <see cref="KvCache.BytesPerToken"/>).</summary>
    public long KvBytesPerToken => KvCache.BytesPerToken(Layers, KvHeads, HeadDim, BytesPerElement);

    /// <summary>Bytes of weights at <see cref="BytesPerElement"/> bytes each.</summary>
    public long WeightBytes => Parameters * BytesPerElement;

    /// <summary>Weights in GB (10⁹ bytes).</summary>
    public double WeightGb => WeightBytes / KvCache.BytesPerGb;
}
