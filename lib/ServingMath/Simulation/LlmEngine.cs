using System.Runtime.CompilerServices;

namespace ServingMath.Simulation;

/// <summary>
/// The discrete-event loop behind <see cref="Simulator.LlmReplicas"/>, one instance per run: arrivals reach the
/// <see cref="Router"/>, which hands each to a replica (<see cref="EngineCore"/>); each replica runs one step at a time.
/// Stands in for the clock and for vLLM's busy loop (<c>EngineCoreProc.run_busy_loop</c> in
/// <c>vllm/v1/engine/core.py</c>, v0.11): <c>_process_input_queue</c> — take every request that has arrived —, then
/// <c>_process_engine_step</c>. So every event of one instant (arrivals, step ends, timeouts) is processed before any
/// replica plans its next step: requests that arrive together share their first step.
/// </summary>
/// <remarks>
/// The event loop's methods are marked <see cref="MethodImplOptions.AggressiveOptimization"/>: in a notebook kernel the
/// runtime's background compiler is busy re-compiling Roslyn after every cell, so a simulation's first run would otherwise
/// execute unoptimized code for seconds (measured: notebook 7's 13 fleet sizes took 14 s the first time, 1 s after).
/// </remarks>
internal sealed class LlmEngine
{
    private const int ArrivalEvent = 0;
    private const int StepDoneEvent = 1;
    private const int TimeoutEvent = 2;
    private const int SendEvent = 3;

    private readonly LlmServingConfig config;
    private readonly IReadOnlyList<ArrivalRequest> arrivals;
    private readonly int n;
    private readonly RequestTable requests;
    private readonly EngineCore[] replicas;
    private readonly Router router;
    private readonly List<StepRecord>? steps;
    private readonly PriorityQueue<long, EventTime> events = new();
    private readonly int[] dirty; // replicas whose state changed at this instant, to plan once the instant is over
    private int dirtyCount;
    private long scheduled;
    private long eventCount;

    // A benchmark client with at most maxConcurrency requests in flight (vllm bench serve --max-concurrency): requests due
    // by the schedule wait at the client, in order, for a slot; [nextToSend, due) are the ones waiting.
    private readonly int? maxConcurrency;
    private int inFlight;
    private int nextToSend;
    private int due;

    internal LlmEngine(LlmServingConfig config, IReadOnlyList<ArrivalRequest> arrivals, int? maxConcurrency = null)
    {
        ConfigValidation.Validate(config, arrivals);
        this.config = config;
        this.arrivals = arrivals;
        n = arrivals.Count;
        var streams = new Dictionary<string, int>(StringComparer.Ordinal);
        requests = new RequestTable(arrivals, id => streams.TryGetValue(id, out var s) ? s : streams[id] = streams.Count);
        var cost = config.StepCost ?? new TableStepCost(config.StepTime!, config.PrefillTime!);
        var noise = config.StepNoiseSigma > 0 ? Streams.Create(config.Seed, Streams.StepNoise) : null;
        var acceptance = config.SpeculativeDecoding is not null ? Streams.Create(config.Seed, Streams.DraftAcceptance) : null;
        steps = config.RecordSteps ? [] : null;
        dirty = new int[config.Replicas];
        replicas = new EngineCore[config.Replicas];
        for (var r = 0; r < replicas.Length; r++)
        {
            replicas[r] = new EngineCore(r, config, requests, cost, noise, acceptance, steps);
        }

        router = new Router(config.Router, replicas);
        this.maxConcurrency = maxConcurrency;
        if (maxConcurrency is not null)
        {
            requests.Departed = OnDeparted;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal LlmSimulationResult Run()
    {
        var last = 0.0;
        if (n > 0)
        {
            Schedule(0, ArrivalEvent, requests.Arrival[0]);
        }

        while (events.TryDequeue(out var key, out var when))
        {
            var now = when.Seconds;
            last = now;
            eventCount++;
            var id = (int)(key >> 2);
            switch ((int)(key & 3))
            {
                case ArrivalEvent:
                    OnArrival(id, now);
                    break;
                case StepDoneEvent:
                    replicas[id].StepDone(now);
                    MarkDirty(replicas[id]);
                    break;
                case TimeoutEvent:
                    OnTimeout(id, now);
                    break;
                default:
                    Send(id, now);
                    break;
            }

            // vLLM's engine loop drains its input queue before it calls schedule(): plan the next steps only once every
            // event of this instant is processed.
            if (dirtyCount > 0 && (!events.TryPeek(out _, out var next) || next.Seconds > now))
            {
                PlanSteps(now);
            }
        }

        var result = new LlmSimulationResult(BuildTrace(), replicas.Select(r => r.Stats()).ToArray(), eventCount, last, steps is null ? [] : steps.AsReadOnly());
        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Schedule(int id, int kind, double at) => events.Enqueue(((long)id << 2) | (long)kind, new EventTime(at, scheduled++));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void OnArrival(int i, double now)
    {
        if (i + 1 < n)
        {
            Schedule(i + 1, ArrivalEvent, requests.Arrival[i + 1]);
        }

        if (maxConcurrency is int limit)
        {
            due = i + 1;
            if (inFlight < limit)
            {
                inFlight++;
                nextToSend++;
                Send(i, now);
            }

            return; // otherwise it waits at the client until a request in flight leaves
        }

        Send(i, now);
    }

    /// <summary>A slot at the client freed: the oldest request waiting for one is sent now (at this instant, as an event).</summary>
    private void OnDeparted(int j, double now)
    {
        inFlight--;
        if (nextToSend < due)
        {
            inFlight++;
            Schedule(nextToSend++, SendEvent, now);
        }
    }

    /// <summary>The request reaches the server: the time the trace (and a benchmark client) measures from.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Send(int i, double now)
    {
        requests.Arrival[i] = now;
        if (config.MaxModelLen is int maxLen && (long)requests.Prompt[i] + requests.Output[i] > maxLen)
        {
            requests.Leave(i, now, RequestStatus.Rejected); // longer than the model's context: vLLM answers 400
            return;
        }

        if (replicas[0].Scheduler.Kv.MostBlocks(i) > replicas[0].Scheduler.Kv.Capacity)
        {
            requests.Leave(i, now, RequestStatus.Rejected); // could never fit, even alone
            return;
        }

        var r = router.Route(i);
        requests.ReplicaOf[i] = r.Index;
        r.Routed++;
        var s = r.Scheduler;
        if (config.MaxQueueLength is int maxQueue && s.WaitingCount >= maxQueue)
        {
            requests.Leave(i, now, RequestStatus.Rejected);
            return;
        }

        s.AddRequest(i);
        if (config.QueueTimeoutSeconds is double t)
        {
            Schedule(i, TimeoutEvent, now + t);
        }

        MarkDirty(r);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void OnTimeout(int i, double now)
    {
        if (requests.State[i] != RequestTable.Waiting || requests.Started[i])
        {
            return; // admitted before the timeout fired (a preempted request does not time out)
        }

        var r = replicas[requests.ReplicaOf[i]];
        r.Scheduler.WaitingCount--;
        requests.Leave(i, now, RequestStatus.TimedOut);
        MarkDirty(r);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void MarkDirty(EngineCore r)
    {
        if (!r.Dirty)
        {
            r.Dirty = true;
            dirty[dirtyCount++] = r.Index;
        }
    }

    /// <summary>Starts a step on every replica that changed at this instant and is idle, then reports their state.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PlanSteps(double now)
    {
        for (var k = 0; k < dirtyCount; k++)
        {
            var r = replicas[dirty[k]];
            r.Dirty = false;
            var seconds = r.TryStartStep(now);
            if (seconds >= 0)
            {
                Schedule(r.Index, StepDoneEvent, now + seconds);
            }

            config.Observer?.Invoke(r.Snapshot(now));
        }

        dirtyCount = 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ColumnarTrace BuildTrace()
    {
        var r = requests;
        var queueMs = new double[n];
        var prefillMs = new double[n];
        var e2eMs = new double[n];
        string?[]? ids = null;
        string?[]? prefixIds = null;
        var fallbackMs = (config.Fallback?.LatencySeconds ?? 0) * 1000.0;
        for (var i = 0; i < n; i++)
        {
            if (arrivals[i].RequestId is { } id)
            {
                ids ??= new string?[n];
                ids[i] = id;
            }

            if (arrivals[i].PrefixId is { } prefix)
            {
                prefixIds ??= new string?[n];
                prefixIds[i] = prefix;
            }

            if (r.Status[i] == RequestStatus.Ok)
            {
                queueMs[i] = (r.Admitted[i] - r.Arrival[i]) * 1000.0;
                prefillMs[i] = (r.FirstToken[i] - r.Admitted[i]) * 1000.0;
                e2eMs[i] = Math.Max((r.Left[i] - r.Arrival[i]) * 1000.0, queueMs[i] + prefillMs[i]);
            }
            else
            {
                queueMs[i] = (r.Left[i] - r.Arrival[i]) * 1000.0;
                e2eMs[i] = queueMs[i] + fallbackMs;
                r.Output[i] = 0; // no tokens came from a replica
            }
        }

        return new ColumnarTrace(r.Arrival, queueMs, prefillMs, e2eMs, r.Prompt, r.Output, r.ReplicaOf, r.Status, ids, config.Fallback?.Name, r.Preemptions)
        {
            PrefixIds = prefixIds,
            PrefixTokens = r.PrefixTokens,
            CachedTokens = config.PrefixCaching ? r.CachedTokens : null,
        };
    }
}
