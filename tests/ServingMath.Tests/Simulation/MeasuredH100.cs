using ServingMath.Simulation;

namespace ServingMath.Tests.Simulation;

/// <summary>The measured Llama-3-8B / H100 step and prefill tables (notebooks/data), loaded once for the simulator tests.</summary>
internal static class MeasuredH100
{
    internal static readonly MeasuredStepTime Decode = MeasuredStepTime.FromCsv(MeasurementsTests.Data("decode_by_batch.csv"));

    internal static readonly MeasuredPrefillTime Prefill = MeasuredPrefillTime.FromCsv(MeasurementsTests.Data("prefill_by_prompt.csv"));

    /// <summary>One replica on the measured tables (prefill-first, KV reserved for the true length unless changed with <c>with</c>).</summary>
    internal static LlmServingConfig Config() => new() { PrefillTime = Prefill, StepTime = Decode };

    /// <summary>One replica on the measured tables under vLLM V1's scheduler with on-demand KV blocks.</summary>
    internal static LlmServingConfig VllmOnDemand(long kvCacheTokens) =>
        Config() with { Scheduler = SchedulerPolicy.VllmV1, KvAllocation = KvAllocation.OnDemand, KvCacheTokens = kvCacheTokens };
}
