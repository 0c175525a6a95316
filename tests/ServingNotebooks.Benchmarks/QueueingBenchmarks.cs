using BenchmarkDotNet.Attributes;
using ServingMath;

namespace ServingNotebooks.Benchmarks;

/// <summary>
/// The searches that used to restart the Erlang B recursion for every candidate (issue 12: about 0.6 s and 0.25 s), and
/// Erlang B with int.MaxValue servers (used to run for seconds).
/// Run: dotnet run -c Release --project tests/ServingNotebooks.Benchmarks -- --filter '*Queueing*' --job short
/// </summary>
public class QueueingBenchmarks
{
    [Benchmark(Description = "ServersForWaitProbability(100 000, 0.01)")]
    public int ServersForWaitProbability() => Queueing.ServersForWaitProbability(100_000, 0.01);

    [Benchmark(Description = "ReplicasForWaitSlo(1e5 req/s, 1 req/s, 1 ms, p99)")]
    public int ReplicasForWaitSlo() => Autoscaling.ReplicasForWaitSlo(1e5, 1, 0.001, 0.99);

    [Benchmark(Description = "ErlangB(int.MaxValue, 1)")]
    public double ErlangBIntMax() => Queueing.ErlangB(int.MaxValue, 1);
}
