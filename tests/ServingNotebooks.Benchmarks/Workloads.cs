using ServingMath.Simulation;

namespace ServingNotebooks.Benchmarks;

/// <summary>The simulator workloads shared by the BenchmarkDotNet classes and the quick Stopwatch run.</summary>
public static class Workloads
{
    public const int Mm1Requests = 1_000_000;
    public const int LlmRequests = 50_000;

    /// <summary>M/M/1 at ρ = 0.8: two events (arrival, departure) per request.</summary>
    public static int Mm1(int requests = Mm1Requests, int seed = 1) => Simulator.MmcQueue(0.8, 1.0, 1, requests, seed).Count;

    /// <summary>M/M/4 at ρ = 0.8.</summary>
    public static int Mm4(int requests = Mm1Requests, int seed = 1) => Simulator.MmcQueue(3.2, 1.0, 4, requests, seed).Count;

    /// <summary>
    /// Four Llama-3-8B replicas on H100 (measured step and prefill tables when notebooks/data is found, else the roofline),
    /// join-shortest-queue, 450 000-token KV cache each, Poisson arrivals at 40 requests/s (stable: p99 TTFT ≈ 0.1 s), prompts 128–2047 tokens,
    /// outputs 16–271 tokens.
    /// </summary>
    public static (LlmServingConfig Config, IReadOnlyList<ArrivalRequest> Arrivals) Llm(int requests = LlmRequests)
    {
        var data = FindData();
        IStepTimeModel step = data is null ? RooflineStepTime.Llama3_8B_H100 : MeasuredStepTime.FromCsv(Path.Combine(data, "decode_by_batch.csv"));
        IPrefillTimeModel prefill = data is null ? new ConstantPrefillTime(30) : MeasuredPrefillTime.FromCsv(Path.Combine(data, "prefill_by_prompt.csv"));
        var config = new LlmServingConfig
        {
            StepTime = step,
            PrefillTime = prefill,
            Replicas = 4,
            KvCacheTokens = 450_000,
        };
        var arrivals = Arrivals.Poisson(40, requests, seed: 1, r => 128 + r.Next(1920), r => 16 + r.Next(256));
        return (config, arrivals);
    }

    /// <summary>
    /// The same four replicas and arrivals as <see cref="Llm"/> under vLLM V1's scheduler: chunked prefill with a
    /// 2048-token budget per step and on-demand KV blocks (a 100 000-token cache each: preemption is checked every step,
    /// though this load needs ≈ 20 000 tokens per replica and rarely triggers it; the quick run prints the count).
    /// </summary>
    public static (LlmServingConfig Config, IReadOnlyList<ArrivalRequest> Arrivals) LlmChunked(int requests = LlmRequests)
    {
        var (config, arrivals) = Llm(requests);
        return (config with
        {
            Scheduler = SchedulerPolicy.VllmV1,
            KvAllocation = KvAllocation.OnDemand,
            MaxNumBatchedTokens = 2048,
            KvCacheTokens = 100_000,
        }, arrivals);
    }

    /// <summary>The repository's notebooks/data folder, searched upwards from the program and the working directory.</summary>
    public static string? FindData() => FindUp(Path.Combine("notebooks", "data", "decode_by_batch.csv")) is { } f ? Path.GetDirectoryName(f) : null;

    /// <summary>A file searched upwards from the program folder and the working directory.</summary>
    public static string? FindUp(string relative)
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, relative);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
