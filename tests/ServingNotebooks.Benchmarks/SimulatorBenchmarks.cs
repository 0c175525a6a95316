using BenchmarkDotNet.Attributes;
using ServingMath.Simulation;

namespace ServingNotebooks.Benchmarks;

/// <summary>
/// A million M/M/c requests per operation (2 million events). Events/s = 2 000 000 / mean time.
/// Run: dotnet run -c Release --project tests/ServingNotebooks.Benchmarks -- --filter '*Simulator*' --job short
/// </summary>
[MemoryDiagnoser]
public class MmcSimulatorBenchmarks
{
    [Benchmark(Description = "M/M/1, 1M requests")]
    public int Mm1() => Workloads.Mm1();

    [Benchmark(Description = "M/M/4, 1M requests")]
    public int Mm4() => Workloads.Mm4();
}

/// <summary>Four LLM replicas with continuous batching, 50 000 requests per operation (events per run printed by --quick).</summary>
[MemoryDiagnoser]
public class LlmSimulatorBenchmarks
{
    private LlmServingConfig config = null!;
    private IReadOnlyList<ArrivalRequest> arrivals = null!;

    [GlobalSetup]
    public void Setup() => (config, arrivals) = Workloads.Llm();

    [Benchmark(Description = "LLM 4 replicas, 50k requests")]
    public long LlmReplicas() => Simulator.LlmReplicas(config, arrivals).Events;
}

/// <summary>The same 50 000 requests under vLLM V1's scheduler: chunked prefill (2048-token budget), on-demand KV blocks.</summary>
[MemoryDiagnoser]
public class LlmChunkedSimulatorBenchmarks
{
    private LlmServingConfig config = null!;
    private IReadOnlyList<ArrivalRequest> arrivals = null!;

    [GlobalSetup]
    public void Setup() => (config, arrivals) = Workloads.LlmChunked();

    [Benchmark(Description = "LLM 4 replicas, 50k requests, vLLM V1 chunked prefill, on-demand KV")]
    public long LlmReplicasChunked() => Simulator.LlmReplicas(config, arrivals).Events;
}
