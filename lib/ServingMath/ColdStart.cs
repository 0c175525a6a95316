namespace ServingMath;

/// <summary>
/// Cold start: the time from "the autoscaler asked for a replica" to "the replica serves its first request". For an LLM
/// replica most of it is moving the weights onto the GPU, plus starting the engine (allocating the KV cache, capturing CUDA
/// graphs) and, when the cluster has no free GPU, provisioning a node.
/// </summary>
/// <remarks>Sizes in gigabytes (10⁹ bytes), bandwidths in gigabytes per second, times in seconds.</remarks>
public static class ColdStart
{
    /// <summary>
    /// Seconds until a new replica serves: t = provision + weights / bandwidth + engine start. Llama-3-8B's 16.06 GB of bf16
    /// weights at 2 GB/s take 8.03 s; with 60 s of engine start and 120 s to provision a node, 188.03 s.
    /// </summary>
    /// <param name="weightGigabytes">The model's weights (M), GB. Range: M &gt; 0.</param>
    /// <param name="gigabytesPerSecond">The bandwidth the weights load at (BW_load), GB/s: the slowest link between storage and the GPU. Range: BW_load &gt; 0.</param>
    /// <param name="engineStartSeconds">Engine start after the weights are in place (KV cache allocation, CUDA graph capture, warm-up), s. Range: ≥ 0.</param>
    /// <param name="provisionSeconds">Time to get a node with a free GPU and the container started, s (0 when a GPU is already free). Range: ≥ 0.</param>
    /// <returns>Seconds from the scale-up decision to the first request served.</returns>
    /// <example><code>ColdStart.Seconds(16.06, 2, 60, 120)   // 188.03 s</code></example>
    public static double Seconds(double weightGigabytes, double gigabytesPerSecond, double engineStartSeconds, double provisionSeconds = 0)
    {
        LibraryCalls.Record(typeof(ColdStart));
        Guard.Positive(weightGigabytes, nameof(weightGigabytes), "gigabytes of weights");
        Guard.Positive(gigabytesPerSecond, nameof(gigabytesPerSecond), "gigabytes per second the weights load at");
        Guard.NonNegative(engineStartSeconds, nameof(engineStartSeconds), "seconds of engine start");
        Guard.NonNegative(provisionSeconds, nameof(provisionSeconds), "seconds to provision a node");
        return provisionSeconds + (weightGigabytes / gigabytesPerSecond) + engineStartSeconds;
    }
}
