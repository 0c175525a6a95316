using System.Runtime.CompilerServices;
using MathNet.Numerics.Distributions;

namespace ServingMath.Simulation;

/// <summary>
/// The event loop behind <see cref="Simulator.LlmReplicas"/>. One instance per run. Each replica runs one step at a time:
/// at the start of a step its scheduler picks (request, tokens) pairs; at the end every request whose computed tokens
/// caught up with its sequence samples one token (the first token of a prompt, or the next of a decode).
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

    private const byte NotArrived = 0;
    private const byte Queued = 1;
    private const byte Running = 2;
    private const byte Gone = 3;

    private readonly LlmServingConfig config;
    private readonly IReadOnlyList<ArrivalRequest> arrivals;
    private readonly int n;
    private readonly long? capacityBlocks; // blocks requests may use; null: unlimited
    private readonly long usable;
    private readonly int blockTokens;
    private readonly bool onDemand;
    private readonly bool vllm;
    private readonly IStepCostModel cost;
    private readonly Random? noise;
    private readonly double sigma;
    private readonly List<StepRecord>? steps;

    // Per request.
    private readonly double[] arrival;
    private readonly int[] prompt;
    private readonly int[] output;
    private readonly long[] reserve; // blocks reserved at admission (reserve policies)
    private readonly double[] admitted;
    private readonly double[] firstToken;
    private readonly double[] left;
    private readonly int[] generated;
    private readonly int[] computed;
    private readonly long[] held;
    private readonly int[] preemptions;
    private readonly int[] replicaOf;
    private readonly RequestStatus[] status;
    private readonly byte[] state;
    private readonly bool[] started;

    private readonly Replica[] replicas;
    private readonly PriorityQueue<long, EventTime> events = new();
    private readonly int[] dirty; // replicas whose state changed at this instant, to plan once the instant is over
    private int dirtyCount;
    private long scheduled;
    private long eventCount;
    private int roundRobin;

    internal LlmEngine(LlmServingConfig config, IReadOnlyList<ArrivalRequest> arrivals)
    {
        Validate(config, arrivals);
        this.config = config;
        this.arrivals = arrivals;
        n = arrivals.Count;
        blockTokens = config.KvBlockTokens;
        onDemand = config.KvAllocation == KvAllocation.OnDemand;
        vllm = config.Scheduler == SchedulerPolicy.VllmV1;
        capacityBlocks = config.KvCacheTokens / blockTokens - (onDemand ? 1 : 0);
        usable = capacityBlocks ?? long.MaxValue;
        cost = config.StepCost ?? new TableStepCost(config.StepTime!, config.PrefillTime!);
        sigma = config.StepNoiseSigma;
        noise = sigma > 0 ? Streams.Create(config.Seed, Streams.StepNoise) : null;
        steps = config.RecordSteps ? [] : null;
        arrival = new double[n];
        prompt = new int[n];
        output = new int[n];
        reserve = new long[n];
        admitted = new double[n];
        firstToken = new double[n];
        left = new double[n];
        generated = new int[n];
        computed = new int[n];
        held = new long[n];
        preemptions = new int[n];
        replicaOf = new int[n];
        status = new RequestStatus[n];
        state = new byte[n];
        started = new bool[n];
        for (var i = 0; i < n; i++)
        {
            var a = arrivals[i];
            arrival[i] = a.ArrivalSeconds;
            prompt[i] = a.PromptTokens;
            output[i] = a.OutputTokens;
            reserve[i] = Blocks((long)a.PromptTokens + (config.KvAllocation == KvAllocation.ReserveMaximum ? config.MaxOutputTokens!.Value : a.OutputTokens));
            replicaOf[i] = -1;
        }

        dirty = new int[config.Replicas];
        replicas = new Replica[config.Replicas];
        for (var r = 0; r < replicas.Length; r++)
        {
            replicas[r] = new Replica(r, Math.Min(config.MaxBatchSize, 1024));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal LlmSimulationResult Run()
    {
        var last = 0.0;
        if (n > 0)
        {
            Schedule(0, ArrivalEvent, arrival[0]);
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
                    OnStepDone(replicas[id], now);
                    break;
                default:
                    OnTimeout(id, now);
                    break;
            }

            // vLLM's engine loop (vllm/v1/engine/core.py, _process_input_queue) drains every request that has arrived
            // before it calls schedule(): plan the next steps only once every event of this instant is processed.
            if (dirtyCount > 0 && (!events.TryPeek(out _, out var next) || next.Seconds > now))
            {
                PlanSteps(now);
            }
        }

        return new LlmSimulationResult(BuildTrace(), replicas.Select(Stats).ToArray(), eventCount, last, steps is null ? [] : steps.AsReadOnly());
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Schedule(int id, int kind, double at) => events.Enqueue(((long)id << 2) | (long)kind, new EventTime(at, scheduled++));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private long Blocks(long tokens) => (tokens + blockTokens - 1) / blockTokens;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void OnArrival(int i, double now)
    {
        if (i + 1 < n)
        {
            Schedule(i + 1, ArrivalEvent, arrival[i + 1]);
        }

        // On demand a request never holds more than prompt + output − 1 tokens: the last sampled token is never fed back.
        var mostBlocks = onDemand ? Blocks((long)prompt[i] + output[i] - 1) : reserve[i];
        if (mostBlocks > usable)
        {
            Leave(i, now, RequestStatus.Rejected); // could never fit, even alone
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

        r.Waiting.PushBack(i);
        r.WaitingCount++;
        state[i] = Queued;
        r.MaxWaiting = Math.Max(r.MaxWaiting, r.WaitingCount);
        if (config.QueueTimeoutSeconds is double t)
        {
            Schedule(i, TimeoutEvent, now + t);
        }

        MarkDirty(r);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void OnTimeout(int i, double now)
    {
        if (state[i] != Queued || started[i])
        {
            return; // admitted before the timeout fired (a preempted request does not time out)
        }

        var r = replicas[replicaOf[i]];
        r.WaitingCount--;
        Leave(i, now, RequestStatus.TimedOut);
        MarkDirty(r);
    }

    private void Leave(int i, double now, RequestStatus why)
    {
        state[i] = Gone;
        status[i] = why;
        left[i] = now;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void OnStepDone(Replica r, double now)
    {
        r.Busy = false;
        // The step's requests are running[StepFrom..StepTo) (running requests are scheduled in list order and admissions
        // join the end), so one pass applies the tokens and drops the finished requests, keeping the list's order.
        var running = r.Running;
        var tokens = r.StepTokens;
        var kept = 0;
        for (var k = 0; k < running.Count; k++)
        {
            var j = running[k];
            if (k >= r.StepFrom && k < r.StepTo)
            {
                computed[j] += tokens[k];
                if (computed[j] >= prompt[j] + generated[j])
                {
                    generated[j]++;
                    if (generated[j] == 1)
                    {
                        firstToken[j] = now;
                    }

                    if (generated[j] >= output[j])
                    {
                        state[j] = Gone;
                        status[j] = RequestStatus.Ok;
                        left[j] = now;
                        r.Used -= held[j];
                        held[j] = 0;
                        r.Completed++;
                        continue;
                    }
                }
            }

            running[kept++] = j;
        }

        running.RemoveRange(kept, running.Count - kept);
        r.StepFrom = r.StepTo = 0;
        MarkDirty(r);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void MarkDirty(Replica r)
    {
        if (!r.Dirty)
        {
            r.Dirty = true;
            dirty[dirtyCount++] = r.Index;
        }
    }

    /// <summary>Plans a step on every replica that changed at this instant and is idle, then reports their state.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PlanSteps(double now)
    {
        for (var k = 0; k < dirtyCount; k++)
        {
            var r = replicas[dirty[k]];
            r.Dirty = false;
            TryStart(r, now);
            Observe(r, now);
        }

        dirtyCount = 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void TryStart(Replica r, double now)
    {
        if (r.Busy)
        {
            return;
        }

        r.Decodes = r.Prefills = r.PrefillTokens = r.Finishing = 0;
        r.Context = 0;
        var preempted = vllm ? ScheduleVllm(r, now) : SchedulePrefillFirst(r, now);
        if (r.StepTo == r.StepFrom)
        {
            return; // nothing to run: idle until an arrival
        }

        var work = new StepWork(r.Decodes, r.Context, r.PrefillTokens, r.Prefills);
        var ms = Checked(cost.StepMs(work), work);
        if (noise is not null)
        {
            ms *= Math.Exp((sigma * Normal.Sample(noise, 0, 1)) - (sigma * sigma / 2));
        }

        ms += config.StepOverheadMs + (config.FinishOverheadMs * r.Finishing);
        if (r.Prefills > 0)
        {
            r.PrefillIterations++;
        }

        if (r.Decodes > 0)
        {
            r.DecodeSteps++;
        }

        if (steps is not null)
        {
            var batch = new StepEntry[r.StepTo - r.StepFrom];
            for (var k = 0; k < batch.Length; k++)
            {
                batch[k] = new StepEntry(r.Running[r.StepFrom + k], r.StepTokens[r.StepFrom + k]);
            }

            steps.Add(new StepRecord(r.Index, now, ms, r.Decodes, r.Context, r.PrefillTokens, r.Prefills, r.Finishing, preempted, batch));
        }

        var seconds = ms / 1000.0;
        r.Busy = true;
        r.BusySeconds += seconds;
        Schedule(r.Index, StepDoneEvent, now + seconds);
    }

    /// <summary>Prefill-first: the head of the queue alone if it fits, else one decode token for every running request.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int SchedulePrefillFirst(Replica r, double now)
    {
        var j = Head(r);
        if (j >= 0 && r.Running.Count < config.MaxBatchSize)
        {
            var whole = prompt[j] + generated[j];
            if (Admit(r, j, whole))
            {
                Start(r, j, now);
                Add(r, r.Running.Count - 1, whole);
                return 0;
            }
        }

        var preempted = 0;
        ScheduleRunning(r, int.MaxValue, ref preempted);
        return preempted;
    }

    /// <summary>vLLM V1: the token budget goes to running requests in order, then (if nobody was preempted) to the waiting queue, FCFS.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int ScheduleVllm(Replica r, double now)
    {
        var preempted = 0;
        var budget = ScheduleRunning(r, config.MaxNumBatchedTokens, ref preempted);
        if (preempted > 0)
        {
            return preempted;
        }

        while (budget > 0 && r.Running.Count < config.MaxBatchSize)
        {
            var j = Head(r);
            if (j < 0)
            {
                break;
            }

            var need = prompt[j] + generated[j] - computed[j];
            if (!config.ChunkedPrefill && need > budget)
            {
                break;
            }

            var chunk = Math.Min(need, budget);
            if (!Admit(r, j, chunk))
            {
                break; // strict FCFS: the head blocks those behind it
            }

            Start(r, j, now);
            Add(r, r.Running.Count - 1, chunk);
            budget -= chunk;
        }

        return 0;
    }

    /// <summary>Gives each running request, in list order, its next tokens (1 for a decode, the next chunk of a prompt); preempts the newest when KV runs out.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int ScheduleRunning(Replica r, int budget, ref int preempted)
    {
        var running = r.Running;
        var index = 0;
        while (index < running.Count && budget > 0)
        {
            var j = running[index];
            var tokens = Math.Min(prompt[j] + generated[j] - computed[j], budget);
            var fits = true;
            while (!Grow(r, j, tokens))
            {
                var victim = running[^1];
                running.RemoveAt(running.Count - 1);
                Preempt(r, victim);
                preempted++;
                if (victim == j)
                {
                    fits = false;
                    break;
                }
            }

            if (!fits)
            {
                break;
            }

            Add(r, index, tokens);
            budget -= tokens;
            index++;
        }

        return budget;
    }

    /// <summary>Puts running[index] into the step with <paramref name="tokens"/> tokens and counts what the step holds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Add(Replica r, int index, int tokens)
    {
        if (r.StepTo == r.StepFrom)
        {
            r.StepFrom = index;
        }

        r.StepTo = index + 1;
        if (index >= r.StepTokens.Length)
        {
            var bigger = new int[Math.Max(r.StepTokens.Length * 2, index + 1)];
            r.StepTokens.CopyTo(bigger, 0);
            r.StepTokens = bigger;
        }

        r.StepTokens[index] = tokens;
        var j = r.Running[index];
        var sequence = prompt[j] + generated[j];
        if (generated[j] > 0 && tokens == 1 && computed[j] == sequence - 1)
        {
            r.Decodes++;
            r.Context += sequence;
        }
        else
        {
            r.PrefillTokens += tokens;
            r.Prefills++;
        }

        if (computed[j] + tokens >= sequence && generated[j] + 1 >= output[j])
        {
            r.Finishing++;
        }
    }

    /// <summary>The head of the waiting queue (dropping requests that timed out meanwhile), or −1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Head(Replica r)
    {
        var queue = r.Waiting;
        while (queue.Count > 0 && state[queue.PeekFront()] != Queued)
        {
            queue.PopFront();
        }

        return queue.Count > 0 ? queue.PeekFront() : -1;
    }

    /// <summary>Whether waiting request j may start with a first step of <paramref name="tokens"/> tokens; takes its blocks if so.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool Admit(Replica r, int j, int tokens)
    {
        if (!onDemand)
        {
            if (reserve[j] > usable - r.Used)
            {
                return false;
            }

            Take(r, j, reserve[j]);
            return true;
        }

        if (config.FullSequenceMustFit && Blocks((long)prompt[j] + generated[j]) > usable - r.Used)
        {
            return false;
        }

        return Grow(r, j, tokens);
    }

    /// <summary>On demand: take the blocks request j needs to hold computed + <paramref name="tokens"/> tokens, if free. Reserved policies already hold them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool Grow(Replica r, int j, int tokens)
    {
        if (!onDemand)
        {
            return true;
        }

        var more = Blocks((long)computed[j] + tokens) - held[j];
        if (more > usable - r.Used)
        {
            return false;
        }

        Take(r, j, more);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Take(Replica r, int j, long blocks)
    {
        held[j] += blocks;
        r.Used += blocks;
        r.MaxUsed = Math.Max(r.MaxUsed, r.Used);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Start(Replica r, int j, double now)
    {
        r.Waiting.PopFront();
        r.WaitingCount--;
        if (!started[j])
        {
            started[j] = true;
            admitted[j] = now;
        }

        state[j] = Running;
        r.Running.Add(j);
        r.MaxRunning = Math.Max(r.MaxRunning, r.Running.Count);
    }

    /// <summary>Preemption by recomputation: free the blocks, forget the computed tokens, back to the front of the queue.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Preempt(Replica r, int j)
    {
        r.Used -= held[j];
        held[j] = 0;
        computed[j] = 0;
        preemptions[j]++;
        r.Preemptions++;
        state[j] = Queued;
        r.Waiting.PushFront(j);
        r.WaitingCount++;
        r.MaxWaiting = Math.Max(r.MaxWaiting, r.WaitingCount);
    }

    private static double Checked(double ms, StepWork work)
    {
        if (!(ms > 0) || double.IsInfinity(ms))
        {
            throw new InvalidOperationException(
                $"the step cost model must give a positive finite time in milliseconds; got {Guard.Show(ms)} for a step of " +
                $"{work.DecodeSequences} decodes (Σ context {work.DecodeContextTokens} tokens) and {work.PrefillTokens} prompt tokens");
        }

        return ms;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Observe(Replica r, double now) =>
        config.Observer?.Invoke(new ReplicaSnapshot(now, r.Index, r.WaitingCount, r.Running.Count, r.Used, capacityBlocks));

    private ReplicaStats Stats(Replica r) => new(
        r.Index, r.Routed, r.Completed, r.PrefillIterations, r.DecodeSteps, r.BusySeconds, r.MaxRunning, r.MaxWaiting, r.MaxUsed,
        capacityBlocks, r.Preemptions);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

        return new ColumnarTrace(arrival, queueMs, prefillMs, e2eMs, prompt, output, replicaOf, status, ids, config.Fallback?.Name, preemptions);
    }

    private static void Validate(LlmServingConfig config, IReadOnlyList<ArrivalRequest> arrivals)
    {
        if (config.StepCost is null)
        {
            Guard.NotNull(config.StepTime, nameof(LlmServingConfig.StepTime), "the decode step model; set it with PrefillTime, or set StepCost");
            Guard.NotNull(config.PrefillTime, nameof(LlmServingConfig.PrefillTime), "the prefill model; set it with StepTime, or set StepCost");
        }

        Guard.Positive(config.Replicas, nameof(LlmServingConfig.Replicas), "replicas behind the router");
        Guard.Positive(config.MaxBatchSize, nameof(LlmServingConfig.MaxBatchSize), "sequences per batch");
        Guard.Positive(config.MaxNumBatchedTokens, nameof(LlmServingConfig.MaxNumBatchedTokens), "tokens per step");
        Guard.Positive(config.KvBlockTokens, nameof(LlmServingConfig.KvBlockTokens), "tokens per KV block");
        Guard.NonNegative(config.StepOverheadMs, nameof(LlmServingConfig.StepOverheadMs), "milliseconds of host time per step");
        Guard.NonNegative(config.FinishOverheadMs, nameof(LlmServingConfig.FinishOverheadMs), "milliseconds of host time per finished request");
        Guard.NonNegative(config.StepNoiseSigma, nameof(LlmServingConfig.StepNoiseSigma), "σ of the lognormal step noise");
        if (config.StepNoiseSigma > 3)
        {
            throw new ArgumentOutOfRangeException(nameof(LlmServingConfig.StepNoiseSigma),
                $"StepNoiseSigma must be at most 3 (σ = 3 already makes a step vary by a factor of thousands); got {Guard.Show(config.StepNoiseSigma)}");
        }

        var minimumBlocks = config.KvAllocation == KvAllocation.OnDemand ? 2 : 1;
        if (config.KvCacheTokens is long kv && kv / config.KvBlockTokens < minimumBlocks)
        {
            throw new ArgumentOutOfRangeException(nameof(LlmServingConfig.KvCacheTokens),
                $"KvCacheTokens must hold at least {minimumBlocks} block(s) of {config.KvBlockTokens} tokens (on-demand allocation keeps one back), " +
                $"or be null for unlimited; got {kv}");
        }

        if (config.KvAllocation == KvAllocation.ReserveMaximum)
        {
            if (config.MaxOutputTokens is not int)
            {
                throw new ArgumentException(
                    "MaxOutputTokens (the max_tokens each request may generate) must be set for KvAllocation.ReserveMaximum: it is what gets reserved",
                    nameof(LlmServingConfig.MaxOutputTokens));
            }
        }

        if (config.MaxOutputTokens is int maxOut)
        {
            Guard.Positive(maxOut, nameof(LlmServingConfig.MaxOutputTokens), "the most output tokens a request may ask for");
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

        var unchunked = config.Scheduler == SchedulerPolicy.VllmV1 && !config.ChunkedPrefill;
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

            if (config.MaxOutputTokens is int most && a.OutputTokens > most)
            {
                throw new ArgumentOutOfRangeException(nameof(arrivals),
                    $"arrivals[{i}] generates {a.OutputTokens} output tokens, more than MaxOutputTokens = {most} allows; raise MaxOutputTokens");
            }

            if (unchunked && (long)a.PromptTokens + a.OutputTokens - 1 > config.MaxNumBatchedTokens)
            {
                throw new ArgumentOutOfRangeException(nameof(arrivals),
                    $"arrivals[{i}] has {a.PromptTokens} prompt + {a.OutputTokens} output tokens; without chunked prefill a prompt (and a " +
                    $"recomputation after preemption) must fit one step's MaxNumBatchedTokens = {config.MaxNumBatchedTokens}; turn ChunkedPrefill on or raise the budget");
            }

            previous = a.ArrivalSeconds;
        }
    }

    private sealed class Replica(int index, int capacity)
    {
        public int Index { get; } = index;

        public RequestDeque Waiting { get; } = new();

        public List<int> Running { get; } = new(capacity);

        /// <summary>Tokens of running[k] in the current step, for k in [StepFrom, StepTo).</summary>
        public int[] StepTokens { get; set; } = new int[capacity];

        public int StepFrom { get; set; }

        public int StepTo { get; set; }

        public int Decodes { get; set; }

        public long Context { get; set; }

        public int PrefillTokens { get; set; }

        public int Prefills { get; set; }

        public int Finishing { get; set; }

        public int WaitingCount { get; set; }

        public bool Busy { get; set; }

        public bool Dirty { get; set; }

        public long Used { get; set; }

        public int Routed { get; set; }

        public int Completed { get; set; }

        public long PrefillIterations { get; set; }

        public long DecodeSteps { get; set; }

        public long Preemptions { get; set; }

        public double BusySeconds { get; set; }

        public int MaxRunning { get; set; }

        public int MaxWaiting { get; set; }

        public long MaxUsed { get; set; }

        public int Load => WaitingCount + Running.Count;
    }
}
