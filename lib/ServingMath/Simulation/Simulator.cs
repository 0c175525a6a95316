using System.Runtime.CompilerServices;
using MathNet.Numerics.Distributions;

namespace ServingMath.Simulation;

/// <summary>
/// A small discrete-event simulator of serving systems (in the spirit of SimPy, Ciw and Microsoft's Vidur):
/// a plain M/M/c or M/G/c queue to check queueing theory, and LLM replicas with continuous batching behind a router.
/// Events sit in a binary heap (<see cref="PriorityQueue{TElement, TPriority}"/>) keyed by time; the same seed always
/// gives the same trace. Every request produces one <see cref="RequestTrace"/>.
/// </summary>
public static class Simulator
{
    /// <summary>
    /// Simulates an M/M/c queue: Poisson arrivals at rate λ, exponential service at rate μ per server, c servers,
    /// first come first served, unlimited waiting room. Theory to compare with: utilization ρ = λ/(cμ) (must be &lt; 1
    /// for a steady state), probability of waiting = Erlang C, mean wait W_q = C/(cμ − λ).
    /// </summary>
    /// <remarks>
    /// The trace records each request's wait as <c>queue_ms</c> and its whole service time as <c>prefill_ms</c>
    /// (one output token, so TTFT = e2e), and the server index as <c>replica</c>. Two events per request (arrival and departure).
    /// The system starts empty: at high utilization discard the first part of the trace, or use many requests.
    /// ρ ≥ 1 is allowed (a finite run of an unstable queue: waits grow with every request, there is no steady state).
    /// </remarks>
    /// <param name="arrivalRate">The arrival rate (λ), requests per second. Range: λ &gt; 0.</param>
    /// <param name="serviceRate">The service rate of one server (μ), requests per second. Range: μ &gt; 0.</param>
    /// <param name="servers">Servers (c). Range: c ≥ 1.</param>
    /// <param name="requests">Requests to simulate (n). Range: n ≥ 1.</param>
    /// <param name="seed">Random seed; the same seed gives the same trace.</param>
    /// <returns>One trace line per request, in arrival order.</returns>
    public static IReadOnlyList<RequestTrace> MmcQueue(double arrivalRate, double serviceRate, int servers, int requests, int seed)
    {
        Guard.Positive(serviceRate, nameof(serviceRate), "requests per second per server");
        return RunQueue(arrivalRate, serviceRate, null, servers, requests, seed);
    }

    /// <summary>
    /// Simulates an M/G/c queue: Poisson arrivals at rate λ, service times drawn from any distribution, c servers,
    /// first come first served. For c = 1 compare with Pollaczek–Khinchine: W_q = λ·E[S²] / (2(1 − ρ)), ρ = λ·E[S].
    /// </summary>
    /// <param name="arrivalRate">The arrival rate (λ), requests per second. Range: λ &gt; 0.</param>
    /// <param name="serviceTimeSeconds">Draws one service time (S), seconds, from the given random source; e.g.
    /// <c>r =&gt; 0.1</c> (deterministic, M/D/c) or <c>r =&gt; MathNet.Numerics.Distributions.Gamma.Sample(r, 2, 20)</c>. Range of results: S &gt; 0.</param>
    /// <param name="servers">Servers (c). Range: c ≥ 1.</param>
    /// <param name="requests">Requests to simulate (n). Range: n ≥ 1.</param>
    /// <param name="seed">Random seed; the same seed gives the same trace.</param>
    /// <returns>One trace line per request, in arrival order.</returns>
    public static IReadOnlyList<RequestTrace> MgcQueue(double arrivalRate, Func<Random, double> serviceTimeSeconds, int servers, int requests, int seed)
    {
        Guard.NotNull(serviceTimeSeconds, nameof(serviceTimeSeconds));
        return RunQueue(arrivalRate, 0, serviceTimeSeconds, servers, requests, seed);
    }

    /// <summary>
    /// Simulates LLM replicas behind a router. Each replica runs one step (one forward pass) at a time; at the start of a
    /// step its scheduler (<see cref="LlmServingConfig.Scheduler"/>) picks what the step holds — whole prompts first
    /// (<see cref="SchedulerPolicy.PrefillFirst"/>), or vLLM V1's token budget with chunked prefill
    /// (<see cref="SchedulerPolicy.VllmV1"/>) — within the KV blocks <see cref="LlmServingConfig.KvAllocation"/> allows;
    /// the step takes the cost model's time for what it holds (× optional lognormal noise, + host overheads). At the end of
    /// the step every request whose prompt is fully computed samples one token (TTFT = queue + steps until its last
    /// prompt chunk); finished requests free their KV blocks.
    /// </summary>
    /// <remarks>
    /// Left out, stated: prefix caching, speculative decoding, CPU swapping (preemption recomputes), pipeline/tensor
    /// parallel timing, attention cost that grows with the chunk's position in a long prompt, and the tokenizer and
    /// network in front of the server. A request whose KV need (prompt + output, or its reservation) exceeds a replica's
    /// whole cache is rejected at arrival. Events at one instant run in the order they were scheduled (FIFO).
    /// Deterministic for given arrivals and <see cref="LlmServingConfig.Seed"/>.
    /// </remarks>
    /// <param name="config">The deployment.</param>
    /// <param name="arrivals">The requests, in arrival order (e.g. <see cref="Arrivals.Poisson(double, int, int, int, int)"/>).</param>
    /// <returns>The trace (one line per request, arrival order) and per-replica statistics.</returns>
    public static LlmSimulationResult LlmReplicas(LlmServingConfig config, IReadOnlyList<ArrivalRequest> arrivals)
    {
        Guard.NotNull(config, nameof(config));
        Guard.NotNull(arrivals, nameof(arrivals));
        return new LlmEngine(config, arrivals).Run();
    }

    /// <summary>
    /// Replays a recorded file through a deployment: its arrivals, prompt and output lengths (<see cref="Arrivals.ReadFile"/>:
    /// a JSON Lines trace, a vLLM benchmark result or CSV arrivals) meet <paramref name="config"/> — to ask what the same
    /// traffic would have seen with chunked prefill, twice the KV cache or a second replica.
    /// </summary>
    /// <param name="config">The deployment.</param>
    /// <param name="path">The recorded traffic, e.g. <c>data/sample-trace.jsonl</c>.</param>
    /// <returns>The simulated trace and per-replica statistics.</returns>
    public static LlmSimulationResult Replay(LlmServingConfig config, string path)
    {
        Guard.NotNull(config, nameof(config));
        return LlmReplicas(config, Arrivals.ReadFile(path));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ColumnarTrace RunQueue(double lambda, double mu, Func<Random, double>? sampler, int servers, int requests, int seed)
    {
        Guard.Positive(lambda, "arrivalRate", "requests per second");
        Guard.Positive(servers, nameof(servers), "servers");
        Guard.Positive(requests, nameof(requests), "requests to simulate");

        var arrivalRng = Streams.Create(seed, Streams.Arrivals);
        var serviceRng = Streams.Create(seed, Streams.Service);
        // Every slot is written before it is read, so skip zeroing the (large) arrays.
        var arrival = GC.AllocateUninitializedArray<double>(requests);
        var start = GC.AllocateUninitializedArray<double>(requests);
        var service = GC.AllocateUninitializedArray<double>(requests);
        var server = GC.AllocateUninitializedArray<int>(requests);
        var free = new int[servers];
        for (var s = 0; s < servers; s++)
        {
            free[s] = servers - 1 - s; // stack: server 0 on top
        }

        var freeCount = servers;
        var nextToStart = 0; // FCFS: requests start service in arrival order, so the queue is the index range [nextToStart, arrived)
        var arrived = 0;

        // Element ≥ 0: departure of request i; element < 0: arrival of request ~element.
        var events = new PriorityQueue<int, double>(servers + 2);
        arrival[0] = Exponential.Sample(arrivalRng, lambda);
        events.Enqueue(~0, arrival[0]);
        while (events.TryDequeue(out var e, out var now))
        {
            if (e < 0)
            {
                var i = ~e;
                arrived = i + 1;
                service[i] = sampler is null ? Exponential.Sample(serviceRng, mu) : CheckedSample(sampler, serviceRng, "serviceTimeSeconds");
                if (arrived < requests)
                {
                    arrival[arrived] = now + Exponential.Sample(arrivalRng, lambda);
                    events.Enqueue(~arrived, arrival[arrived]);
                }

                if (freeCount > 0)
                {
                    var s = free[--freeCount];
                    start[i] = now;
                    server[i] = s;
                    nextToStart++;
                    events.Enqueue(i, now + service[i]);
                }
            }
            else if (nextToStart < arrived)
            {
                var j = nextToStart++;
                start[j] = now;
                server[j] = server[e];
                events.Enqueue(j, now + service[j]);
            }
            else
            {
                free[freeCount++] = server[e];
            }
        }

        // Reuse the arrays as columns: start → queue time, service → service time, both in milliseconds.
        for (var i = 0; i < requests; i++)
        {
            start[i] = (start[i] - arrival[i]) * 1000.0;
            service[i] *= 1000.0;
        }

        return new ColumnarTrace(arrival, queueMs: start, prefillMs: service, endToEndMs: null, prompt: null, output: null, replica: server);
    }

    private static double CheckedSample(Func<Random, double> sampler, Random rng, string name)
    {
        var s = sampler(rng);
        if (!(s > 0) || double.IsInfinity(s))
        {
            throw new ArgumentOutOfRangeException(name,
                $"{name} must draw positive finite service times (seconds); got {Guard.Show(s)}");
        }

        return s;
    }
}
