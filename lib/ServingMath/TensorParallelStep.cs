namespace ServingMath;

/// <summary>
/// One decode step of a tensor-parallel replica, as one of its GPUs spends it (every GPU does the same share at once), ms.
/// </summary>
/// <param name="Degree">GPUs the model is split over (g).</param>
/// <param name="Batch">Sequences decoded in the step (B).</param>
/// <param name="ContextTokens">Tokens of context each sequence holds (T).</param>
/// <param name="WeightsMs">Reading this GPU's share of the weights, P·b/g ÷ BW.</param>
/// <param name="KvMs">Reading this GPU's share of the batch's KV cache, B·T·k_g ÷ BW.</param>
/// <param name="ComputeMs">This GPU's share of the arithmetic, 2·P·B/g ÷ F.</param>
/// <param name="AllReduceMs">The 2·n_layers all-reduces of the step (two per layer), 0 on one GPU.</param>
/// <param name="OverheadMs">The fixed overhead h.</param>
public sealed record TensorParallelStep(int Degree, int Batch, int ContextTokens, double WeightsMs, double KvMs, double ComputeMs, double AllReduceMs, double OverheadMs)
{
    /// <summary>Whether reading memory takes longer than the arithmetic (the usual case for decode).</summary>
    public bool MemoryBound => WeightsMs + KvMs >= ComputeMs;

    /// <summary>The step's time (TPOT of every sequence in it): h + max(weights + KV, compute) + all-reduces, ms.</summary>
    public double StepMs => OverheadMs + Math.Max(WeightsMs + KvMs, ComputeMs) + AllReduceMs;

    /// <summary>Tokens the replica makes per second at this step: B × 1000 / StepMs.</summary>
    public double TokensPerSecond => Batch * 1000 / StepMs;
}
