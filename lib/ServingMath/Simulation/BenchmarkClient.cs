namespace ServingMath.Simulation;

/// <summary>
/// A load test's client in front of the simulated replicas, the way <c>vllm bench serve</c> drives a server
/// (<c>vllm/benchmarks/serve.py</c>, <c>benchmark()</c>, and <c>vllm/benchmarks/lib/endpoint_request_func.py</c>, vLLM main as
/// read for this workbook): requests are due on a schedule (<c>--request-rate</c>: Poisson; <c>inf</c>: all at once), and
/// with <c>--max-concurrency N</c> each one first waits for one of N slots (an <c>asyncio.Semaphore</c>). The clock of a
/// request starts inside the slot (<c>st = time.perf_counter()</c> in the request function), so the wait for a slot is not
/// in the TTFT or latency the benchmark reports.
/// </summary>
/// <remarks>
/// With a finite rate and no limit the client is open loop: it sends on schedule whatever the server does. With
/// <c>--request-rate inf --max-concurrency N</c> it is closed loop: N users, each sending the next request the moment the
/// last one ends. The client's own delays (tokenizing, the network) are left out.
/// </remarks>
public static class BenchmarkClient
{
    /// <summary>
    /// Runs a load test: the requests fall due at their <see cref="ArrivalRequest.ArrivalSeconds"/> (the schedule); at most
    /// <paramref name="maxConcurrency"/> are in flight, the rest wait at the client, first due first sent.
    /// </summary>
    /// <param name="config">The deployment under test.</param>
    /// <param name="schedule">The requests in the order they fall due, e.g. <see cref="Arrivals.Poisson(double, int, int, int, int)"/>; all at time 0 for <c>--request-rate inf</c> (<see cref="AllAtOnce"/>).</param>
    /// <param name="maxConcurrency">The most requests in flight (N, <c>--max-concurrency</c>), or null for no limit. Range: N ≥ 1.</param>
    /// <returns>The simulation, whose trace counts from the moment each request was sent, and the schedule it was due by.</returns>
    public static BenchmarkRun Run(LlmServingConfig config, IReadOnlyList<ArrivalRequest> schedule, int? maxConcurrency)
    {
        Guard.NotNull(config, nameof(config));
        Guard.NotNull(schedule, nameof(schedule));
        if (maxConcurrency is int n)
        {
            Guard.Positive(n, nameof(maxConcurrency), "requests in flight at once, --max-concurrency");
        }

        var due = schedule.Select(a => a.ArrivalSeconds).ToArray();
        var run = new LlmEngine(config, schedule, maxConcurrency).Run();
        return new BenchmarkRun(run, due);
    }

    /// <summary>
    /// The schedule of <c>--request-rate inf</c>: <paramref name="requests"/> requests all due at time 0, each with its
    /// prompt and output lengths drawn as in <see cref="Arrivals.Poisson(double, int, int, Func{Random, int}, Func{Random, int})"/>.
    /// </summary>
    /// <param name="requests">How many requests (n, <c>--num-prompts</c>). Range: n ≥ 1.</param>
    /// <param name="seed">Random seed for the lengths.</param>
    /// <param name="promptTokens">Draws a prompt length, tokens.</param>
    /// <param name="outputTokens">Draws an output length, tokens.</param>
    /// <returns>The requests, all at 0 s.</returns>
    public static IReadOnlyList<ArrivalRequest> AllAtOnce(int requests, int seed, Func<Random, int> promptTokens, Func<Random, int> outputTokens)
    {
        Guard.Positive(requests, nameof(requests), "requests, --num-prompts");
        return [.. Arrivals.Poisson(1, requests, seed, promptTokens, outputTokens).Select(a => a with { ArrivalSeconds = 0 })];
    }
}

/// <summary>A simulated load test: what the benchmark measured and what the users it stands for would have waited.</summary>
/// <param name="Simulation">The run; its trace's arrival is the moment each request was sent, as the benchmark clocks it.</param>
/// <param name="DueSeconds">When each request fell due by the schedule, seconds, in the trace's order.</param>
public sealed record BenchmarkRun(LlmSimulationResult Simulation, IReadOnlyList<double> DueSeconds)
{
    /// <summary>How long each request waited at the client for a slot before it was sent, ms (0 without a concurrency limit).</summary>
    public double[] ClientWaitMs => [.. Simulation.Trace.Select((t, i) => (t.ArrivalSeconds - DueSeconds[i]) * 1000)];

    /// <summary>TTFT as the benchmark reports it: from the moment the request was sent, ms, for the requests that finished.</summary>
    public double[] ReportedTtftMs => [.. Simulation.Trace.Where(t => t.Status == RequestStatus.Ok).Select(t => t.TtftMs)];

    /// <summary>TTFT as the user it stands for saw it: from the moment the request fell due, ms (client wait + reported TTFT).</summary>
    public double[] TtftFromDueMs => [.. Simulation.Trace
        .Select((t, i) => (Trace: t, WaitMs: (t.ArrivalSeconds - DueSeconds[i]) * 1000))
        .Where(x => x.Trace.Status == RequestStatus.Ok)
        .Select(x => x.WaitMs + x.Trace.TtftMs)];

    /// <summary>Requests completed per second of the run (the benchmark's <c>request_throughput</c>).</summary>
    public double Throughput => Simulation.Trace.Count(t => t.Status == RequestStatus.Ok) / Simulation.SimulatedSeconds;
}
