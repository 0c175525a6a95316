namespace ServingMath;

/// <summary>A way to serve a model: replicas of <paramref name="Degree"/> GPUs each, weights stored at a given precision, and what it costs.</summary>
/// <param name="Degree">Tensor-parallel degree: GPUs per replica (g).</param>
/// <param name="BytesPerParameter">Bytes per weight: 2 for bf16, 1 for fp8, 0.5 for int4.</param>
/// <param name="Batch">Sequences each replica decodes at once: the largest that fits and meets the TPOT limit.</param>
/// <param name="StepMs">The decode step (TPOT) at that batch, ms.</param>
/// <param name="Replicas">Replicas needed for the target throughput.</param>
/// <param name="Gpus">GPUs in all: replicas × g.</param>
/// <param name="CostPerMillionTokens">GPUs × hourly price ÷ (target tokens/s × 3600) × 10⁶, dollars per million tokens.</param>
public sealed record ServingLayout(int Degree, double BytesPerParameter, int Batch, double StepMs, int Replicas, int Gpus, double CostPerMillionTokens);
