namespace ServingMath.Simulation;

/// <summary>The event loop behind <see cref="Simulator.LlmReplicas"/>. One instance per run.</summary>
internal sealed class LlmEngine
{
    private const int ArrivalEvent = 0;
    private const int IterationDoneEvent = 1;
    private const int TimeoutEvent = 2;

    private readonly LlmServingConfig config;
    private readonly IReadOnlyList<ArrivalRequest> arrivals;
    private readonly int n;
    private readonly long? capacityBlocks;
    private readonly double? timeout;

    // Per request.
    private readonly double[] arrival;
    private readonly int[] prompt;
    private readonly int[] output;
    private readonly long[] blocks;
    private readonly double[] admitted;
    private readonly double[] firstToken;
    private readonly double[] left;
    private readonly int[] generated;
    private readonly int[] replicaOf;
    private readonly RequestStatus[] status;
    private readonly bool[] waiting;

    private readonly Replica[] replicas;
    private readonly PriorityQueue<long, double> events = new();
    private long eventCount;
    private int roundRobin;

    internal LlmEngine(LlmServingConfig config, IReadOnlyList<ArrivalRequest> arrivals)
    {
        Validate(config, arrivals);
        this.config = config;
        this.arrivals = arrivals;
        n = arrivals.Count;
        capacityBlocks = config.KvCacheTokens / config.KvBlockTokens;
        timeout = config.QueueTimeoutSeconds;
        arrival = new double[n];
        prompt = new int[n];
        output = new int[n];
        blocks = new long[n];
        admitted = new double[n];
        firstToken = new double[n];
        left = new double[n];
        generated = new int[n];
        replicaOf = new int[n];
        status = new RequestStatus[n];
        waiting = new bool[n];
        for (var i = 0; i < n; i++)
        {
            var a = arrivals[i];
            arrival[i] = a.ArrivalSeconds;
            prompt[i] = a.PromptTokens;
            output[i] = a.OutputTokens;
            blocks[i] = ((long)a.PromptTokens + a.OutputTokens + config.KvBlockTokens - 1) / config.KvBlockTokens;
            replicaOf[i] = -1;
        }

        replicas = new Replica[config.Replicas];
        for (var r = 0; r < replicas.Length; r++)
        {
            replicas[r] = new Replica(r, Math.Min(config.MaxBatchSize, 1024));
        }
    }

    internal LlmSimulationResult Run()
    {
        var last = 0.0;
        if (n > 0)
        {
            events.Enqueue(Key(0, ArrivalEvent), arrival[0]);
        }

        while (events.TryDequeue(out var key, out var now))
        {
            last = now;
            eventCount++;
            var id = (int)(key >> 2);
            switch ((int)(key & 3))
            {
                case ArrivalEvent:
                    OnArrival(id, now);
                    break;
                case IterationDoneEvent:
                    OnIterationDone(replicas[id], now);
                    break;
                default:
                    OnTimeout(id, now);
                    break;
            }
        }

        return new LlmSimulationResult(BuildTrace(), replicas.Select(Stats).ToArray(), eventCount, last);
    }

    private static long Key(int id, int kind) => ((long)id << 2) | (long)kind;

    private void OnArrival(int i, double now)
    {
        if (i + 1 < n)
        {
            events.Enqueue(Key(i + 1, ArrivalEvent), arrival[i + 1]);
        }

        if (capacityBlocks is long cap && blocks[i] > cap)
        {
            Leave(i, now, RequestStatus.Rejected);
            return;
        }

        var r = Route();
        replicaOf[i] = r.Index;
        r.Routed++;
        if (config.MaxQueueLength is int maxQueue && r.WaitingCount >= maxQueue)
        {
            Leave(i, now, RequestStatus.Rejected);
            return;
        }

        r.Waiting.Enqueue(i);
        r.WaitingCount++;
        waiting[i] = true;
        r.MaxWaiting = Math.Max(r.MaxWaiting, r.WaitingCount);
        if (timeout is double t)
        {
            events.Enqueue(Key(i, TimeoutEvent), now + t);
        }

        TryStart(r, now);
        Observe(r, now);
    }

    private void OnTimeout(int i, double now)
    {
        if (!waiting[i])
        {
            return; // admitted before the timeout fired
        }

        waiting[i] = false;
        var r = replicas[replicaOf[i]];
        r.WaitingCount--;
        Leave(i, now, RequestStatus.TimedOut);
        Observe(r, now);
    }

    private void Leave(int i, double now, RequestStatus why)
    {
        status[i] = why;
        left[i] = now;
    }

    private void OnIterationDone(Replica r, double now)
    {
        r.Busy = false;
        if (r.Prefilling >= 0)
        {
            var j = r.Prefilling;
            r.Prefilling = -1;
            firstToken[j] = now;
            generated[j] = 1;
            if (output[j] == 1)
            {
                Finish(r, j, now);
            }
            else
            {
                r.Running.Add(j);
                r.ContextSum += prompt[j] + 1;
            }
        }
        else
        {
            var running = r.Running;
            var kept = 0;
            for (var k = 0; k < running.Count; k++)
            {
                var j = running[k];
                generated[j]++;
                if (generated[j] >= output[j])
                {
                    r.ContextSum -= prompt[j] + generated[j] - 1;
                    Finish(r, j, now);
                }
                else
                {
                    r.ContextSum++;
                    running[kept++] = j;
                }
            }

            running.RemoveRange(kept, running.Count - kept);
        }

        TryStart(r, now);
        Observe(r, now);
    }

    private void Finish(Replica r, int j, double now)
    {
        status[j] = RequestStatus.Ok;
        left[j] = now;
        r.KvReserved -= blocks[j];
        r.Completed++;
    }

    private void TryStart(Replica r, double now)
    {
        if (r.Busy)
        {
            return;
        }

        var queue = r.Waiting;
        while (queue.Count > 0 && !waiting[queue.Peek()])
        {
            queue.Dequeue(); // timed out earlier
        }

        if (queue.Count > 0)
        {
            var j = queue.Peek();
            if (r.Running.Count < config.MaxBatchSize && (capacityBlocks is not long cap || r.KvReserved + blocks[j] <= cap))
            {
                queue.Dequeue();
                waiting[j] = false;
                r.WaitingCount--;
                admitted[j] = now;
                r.KvReserved += blocks[j];
                r.MaxKvReserved = Math.Max(r.MaxKvReserved, r.KvReserved);
                r.Prefilling = j;
                r.MaxRunning = Math.Max(r.MaxRunning, r.Running.Count + 1);
                r.PrefillIterations++;
                StartIteration(r, now, Checked(config.PrefillTime.PrefillMs(prompt[j]), "PrefillTime", prompt[j], 0));
                return;
            }
        }

        if (r.Running.Count > 0)
        {
            var batch = r.Running.Count;
            var context = (int)Math.Min(int.MaxValue, r.ContextSum / batch);
            r.DecodeSteps++;
            StartIteration(r, now, Checked(config.StepTime.StepMs(batch, context), "StepTime", batch, context));
        }
    }

    private void StartIteration(Replica r, double now, double milliseconds)
    {
        var seconds = milliseconds / 1000.0;
        r.Busy = true;
        r.BusySeconds += seconds;
        events.Enqueue(Key(r.Index, IterationDoneEvent), now + seconds);
    }

    private static double Checked(double ms, string model, int a, int b)
    {
        if (!(ms > 0) || double.IsInfinity(ms))
        {
            var input = model == "PrefillTime" ? $"a prompt of {a} tokens" : $"batch {a} at context {b}";
            throw new InvalidOperationException($"{model} must give a positive finite time in milliseconds; got {Guard.Show(ms)} for {input}");
        }

        return ms;
    }

    private Replica Route()
    {
        if (config.Router == RouterPolicy.RoundRobin)
        {
            var r = replicas[roundRobin];
            roundRobin = (roundRobin + 1) % replicas.Length;
            return r;
        }

        var best = replicas[0];
        for (var k = 1; k < replicas.Length; k++)
        {
            if (replicas[k].Load < best.Load)
            {
                best = replicas[k];
            }
        }

        return best;
    }

    private void Observe(Replica r, double now) =>
        config.Observer?.Invoke(new ReplicaSnapshot(
            now, r.Index, r.WaitingCount, r.Running.Count + (r.Prefilling >= 0 ? 1 : 0), r.KvReserved, capacityBlocks));

    private ReplicaStats Stats(Replica r) => new(
        r.Index, r.Routed, r.Completed, r.PrefillIterations, r.DecodeSteps, r.BusySeconds, r.MaxRunning, r.MaxWaiting, r.MaxKvReserved, capacityBlocks);

    private ColumnarTrace BuildTrace()
    {
        var queueMs = new double[n];
        var prefillMs = new double[n];
        var e2eMs = new double[n];
        string?[]? ids = null;
        var fallbackMs = (config.Fallback?.LatencySeconds ?? 0) * 1000.0;
        for (var i = 0; i < n; i++)
        {
            if (arrivals[i].RequestId is { } id)
            {
                ids ??= new string?[n];
                ids[i] = id;
            }

            if (status[i] == RequestStatus.Ok)
            {
                queueMs[i] = (admitted[i] - arrival[i]) * 1000.0;
                prefillMs[i] = (firstToken[i] - admitted[i]) * 1000.0;
                e2eMs[i] = Math.Max((left[i] - arrival[i]) * 1000.0, queueMs[i] + prefillMs[i]);
            }
            else
            {
                queueMs[i] = (left[i] - arrival[i]) * 1000.0;
                e2eMs[i] = queueMs[i] + fallbackMs;
                output[i] = 0; // no tokens came from a replica
            }
        }

        return new ColumnarTrace(arrival, queueMs, prefillMs, e2eMs, prompt, output, replicaOf, status, ids, config.Fallback?.Name);
    }

    private static void Validate(LlmServingConfig config, IReadOnlyList<ArrivalRequest> arrivals)
    {
        Guard.NotNull(config.StepTime, nameof(LlmServingConfig.StepTime));
        Guard.NotNull(config.PrefillTime, nameof(LlmServingConfig.PrefillTime));
        Guard.Positive(config.Replicas, nameof(LlmServingConfig.Replicas), "replicas behind the router");
        Guard.Positive(config.MaxBatchSize, nameof(LlmServingConfig.MaxBatchSize), "sequences per batch");
        Guard.Positive(config.KvBlockTokens, nameof(LlmServingConfig.KvBlockTokens), "tokens per KV block");
        if (config.KvCacheTokens is long kv && kv < config.KvBlockTokens)
        {
            throw new ArgumentOutOfRangeException(nameof(LlmServingConfig.KvCacheTokens),
                $"KvCacheTokens must hold at least one block of {config.KvBlockTokens} tokens (or be null for unlimited); got {kv}");
        }

        if (config.QueueTimeoutSeconds is double t)
        {
            Guard.Positive(t, nameof(LlmServingConfig.QueueTimeoutSeconds), "seconds a request may wait, or null for no timeout");
        }

        if (config.MaxQueueLength is int q)
        {
            Guard.Positive(q, nameof(LlmServingConfig.MaxQueueLength), "requests waiting per replica, or null for unbounded");
        }

        if (config.Fallback is { } f)
        {
            Guard.NonNegative(f.LatencySeconds, nameof(FallbackRoute.LatencySeconds), "seconds the fallback takes to answer");
            if (string.IsNullOrWhiteSpace(f.Name))
            {
                throw new ArgumentException("Fallback.Name must name the fallback path, e.g. \"small-model\"; got an empty name", nameof(FallbackRoute.Name));
            }
        }

        var previous = 0.0;
        for (var i = 0; i < arrivals.Count; i++)
        {
            var a = arrivals[i] ?? throw new ArgumentNullException(nameof(arrivals), $"arrivals[{i}] is null");
            if (!(a.ArrivalSeconds >= 0) || double.IsInfinity(a.ArrivalSeconds))
            {
                throw new ArgumentOutOfRangeException(nameof(arrivals),
                    $"arrivals[{i}].ArrivalSeconds must be a finite time ≥ 0 (seconds); got {Guard.Show(a.ArrivalSeconds)}");
            }

            if (a.ArrivalSeconds < previous)
            {
                throw new ArgumentException(
                    $"arrivals must be in time order; arrivals[{i}] at {Guard.Show(a.ArrivalSeconds)} s comes before arrivals[{i - 1}] at {Guard.Show(previous)} s",
                    nameof(arrivals));
            }

            if (a.PromptTokens < 1 || a.OutputTokens < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(arrivals),
                    $"arrivals[{i}] must ask for at least 1 prompt token and 1 output token; got {a.PromptTokens} and {a.OutputTokens}");
            }

            previous = a.ArrivalSeconds;
        }
    }

    private sealed class Replica(int index, int capacity)
    {
        public int Index { get; } = index;

        public Queue<int> Waiting { get; } = new();

        public List<int> Running { get; } = new(capacity);

        public int WaitingCount { get; set; }

        public int Prefilling { get; set; } = -1;

        public bool Busy { get; set; }

        public long KvReserved { get; set; }

        public long ContextSum { get; set; }

        public int Routed { get; set; }

        public int Completed { get; set; }

        public long PrefillIterations { get; set; }

        public long DecodeSteps { get; set; }

        public double BusySeconds { get; set; }

        public int MaxRunning { get; set; }

        public int MaxWaiting { get; set; }

        public long MaxKvReserved { get; set; }

        public int Load => WaitingCount + Running.Count + (Prefilling >= 0 ? 1 : 0);
    }
}
