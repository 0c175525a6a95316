namespace ServingMath;

/// <summary>
/// One model served with tensor parallelism on GPUs of one kind: what <see cref="TensorParallel"/> needs to price a decode
/// step split over several GPUs and to tell whether it fits in their memory.
/// </summary>
/// <param name="Model">The model's shape: layers (n_layers), KV heads (H_kv), head dim (d), parameters (P); its KV cache is stored at <see cref="ModelShape.BytesPerElement"/> bytes per number.</param>
/// <param name="HiddenSize">The model's hidden size (d_model): one token's activation vector, which each all-reduce sums across the GPUs. Range: ≥ 1.</param>
/// <param name="BandwidthBytesPerSecond">Memory bandwidth of one GPU (BW), bytes per second. Range: &gt; 0.</param>
/// <param name="EffectiveFlopsPerSecond">Compute one GPU reaches on large matrix products (F), FLOP per second. Range: &gt; 0.</param>
/// <param name="OverheadMs">Fixed time per decode step beyond the roofline (h), ms: kernel launches, sampling. Range: ≥ 0.</param>
/// <param name="AllReduceBusBytesPerSecond">The bus bandwidth an all-reduce reaches between the GPUs (BW_link), bytes per second. Range: &gt; 0.</param>
/// <param name="AllReduceLatencySeconds">The fixed start-up time of one all-reduce (t_lat), seconds. Range: ≥ 0.</param>
/// <param name="UsableGbPerGpu">Memory of one GPU the server may fill with weights and KV cache, GB (10⁹ bytes). Range: &gt; 0.</param>
public sealed record TensorParallelConfig(
    ModelShape Model,
    int HiddenSize,
    double BandwidthBytesPerSecond,
    double EffectiveFlopsPerSecond,
    double OverheadMs,
    double AllReduceBusBytesPerSecond,
    double AllReduceLatencySeconds,
    double UsableGbPerGpu)
{
    /// <summary>Bytes of one activation number sent in an all-reduce: bf16.</summary>
    public const int ActivationBytes = 2;

    /// <summary>
    /// Llama-3-70B (80 layers, 8 KV heads, head dim 128, hidden 8192: its <c>config.json</c> on Hugging Face,
    /// meta-llama/Meta-Llama-3-70B) on NVIDIA H100 80GB HBM3 (SXM) GPUs joined by NVLink 4 in one 8-GPU node.
    /// </summary>
    /// <remarks>
    /// Per GPU, from the workbook's own H100 measurements (<c>notebooks/data</c>, through
    /// <see cref="Simulation.RooflineStepCost.Llama3_8B_H100"/>): BW = 3.021 TB/s (measured copy bandwidth; the datasheet's
    /// 3.35 TB/s is a peak), F ≈ 575 TFLOP/s (the measured bf16 prefill slope), h ≈ 1.92 ms (the measured 8B step's overhead,
    /// taken as is: an 80-layer model launches more kernels, so it is optimistic). All-reduce: BW_link = 370 GB/s, the ring
    /// effective NVLink bandwidth NCCL reaches on H100 (NVIDIA/nccl-tests issue #212: about 80 % of NVLink 4's 450 GB/s each way;
    /// NVIDIA's 900 GB/s counts both directions); t_lat = 6 µs, the small all-reduce time on two H100s with CUDA graphs
    /// (NVIDIA/nccl issue #1259, NCCL 2.20.5; it grows with more GPUs, so t_lat is optimistic for 4 and 8). Usable memory:
    /// vLLM's default <c>gpu_memory_utilization</c> 0.9 (vllm/config/cache.py, late 2025; 0.92 on the 2026 main branch) of 79.2 GiB (85.04 GB) = 76.54 GB.
    /// </remarks>
    public static TensorParallelConfig Llama3_70B_H100 { get; } = new(
        KvCache.Llama3_70B,
        8192,
        Simulation.RooflineStepCost.Llama3_8B_H100.BandwidthBytesPerSecond,
        Simulation.RooflineStepCost.Llama3_8B_H100.EffectiveFlopsPerSecond,
        Simulation.RooflineStepCost.Llama3_8B_H100.OverheadMs,
        370e9,
        6e-6,
        0.9 * 79.2 * 1024 * 1024 * 1024 / KvCache.BytesPerGb);
}
