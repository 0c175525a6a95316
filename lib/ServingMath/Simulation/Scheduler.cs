using System.Runtime.CompilerServices;

namespace ServingMath.Simulation;

/// <summary>
/// What one replica's scheduler keeps and does whatever its policy — the parts of vLLM's <c>Scheduler</c>
/// (<c>vllm/v1/core/sched/scheduler.py</c>, v0.11) that every policy here shares: the <c>waiting</c> queue (first come,
/// first served; a preempted request goes back to its front), the <c>running</c> list (oldest first), the loop that
/// gives each running request its next tokens and preempts the newest when KV blocks run out
/// (<see cref="ScheduleRunning"/>, the first half of <c>schedule()</c>), and <c>update_from_output</c>
/// (<see cref="UpdateFromOutput"/>: tokens computed, tokens sampled, finished requests freed).
/// A policy (<see cref="VllmV1Scheduler"/>, <see cref="PrefillFirstScheduler"/>) decides what a step holds.
/// </summary>
/// <remarks>
/// The step being planned or run is running[<see cref="StepFrom"/>..<see cref="StepTo"/>): running requests are scheduled
/// in list order and admitted ones join the end, so one pass over the list applies a step's tokens in order.
/// </remarks>
internal abstract class Scheduler
{
    private readonly SpeculativeDecoding? speculative;
    private readonly Random? acceptance;
    private readonly int maxBatch;

    // The request columns the hot loops read, held here to save an indirection per access.
    private readonly int[] prompt;
    private readonly int[] output;
    private readonly int[] generatedOf;
    private readonly int[] computedOf;

    protected Scheduler(LlmServingConfig config, RequestTable requests, Random? acceptance)
    {
        Config = config;
        Requests = requests;
        Kv = new KvCacheManager(config, requests);
        prompt = requests.Prompt;
        output = requests.Output;
        generatedOf = requests.Generated;
        computedOf = requests.Computed;
        maxBatch = config.MaxBatchSize;
        var capacity = Math.Min(config.MaxBatchSize, 1024);
        Running = new List<int>(capacity);
        StepTokens = new int[capacity];
        StepEmitted = new int[capacity];
        StepDrafts = new int[capacity];
        speculative = config.SpeculativeDecoding;
        this.acceptance = acceptance;

        PreemptedInStep = config.RecordSteps ? [] : null;
    }

    internal LlmServingConfig Config { get; }

    internal RequestTable Requests { get; }

    /// <summary>This replica's KV cache.</summary>
    internal KvCacheManager Kv { get; }

    internal RequestDeque Waiting { get; } = new();

    /// <summary>Requests waiting (the deque may still hold requests that timed out; they are skipped).</summary>
    internal int WaitingCount { get; set; }

    internal List<int> Running { get; }

    /// <summary>Tokens of running[k] in the current step (computed positions: a prompt chunk, or 1 + drafts for a decode).</summary>
    internal int[] StepTokens { get; private set; }

    /// <summary>Tokens running[k] samples at the end of the step: 0 mid-prompt, 1 otherwise, 1 + accepted drafts under speculative decoding.</summary>
    internal int[] StepEmitted { get; private set; }

    /// <summary>Draft tokens verified for running[k] in the current step.</summary>
    internal int[] StepDrafts { get; private set; }

    internal int StepFrom { get; private set; }

    internal int StepTo { get; private set; }

    /// <summary>Whether the planned step holds anything.</summary>
    internal bool HasStep => StepTo > StepFrom;

    /// <summary>What the planned step holds, for the cost model.</summary>
    internal StepWork Work => new(Decodes, Context, PrefillTokens, Prefills, Drafts);

    /// <summary>Requests finishing at the end of the planned step.</summary>
    internal int Finishing { get; private set; }

    /// <summary>Requests preempted while planning the step (kept only when steps are recorded).</summary>
    internal List<int>? PreemptedInStep { get; }

    internal long Preemptions { get; private set; }

    internal int MaxRunning { get; private set; }

    internal int MaxWaiting { get; private set; }

    private int Decodes { get; set; }

    private long Context { get; set; }

    private int PrefillTokens { get; set; }

    private int Prefills { get; set; }

    private int Drafts { get; set; }

    /// <summary>The scheduler <see cref="LlmServingConfig.Scheduler"/> names; <paramref name="acceptance"/> draws speculative-decoding acceptances.</summary>
    internal static Scheduler Create(LlmServingConfig config, RequestTable requests, Random? acceptance) => config.Scheduler == SchedulerPolicy.VllmV1
        ? new VllmV1Scheduler(config, requests, acceptance)
        : new PrefillFirstScheduler(config, requests, acceptance);

    /// <summary>Plans the next step into running[StepFrom..StepTo); returns how many requests it preempted.</summary>
    internal int Plan(double now)
    {
        Decodes = Prefills = PrefillTokens = Finishing = Drafts = 0;
        Context = 0;
        StepFrom = StepTo = 0;
        PreemptedInStep?.Clear();
        return Schedule(now);
    }

    /// <summary>The policy: fills the step through <see cref="ScheduleRunning"/>, <see cref="Start"/> and <see cref="Add"/>.</summary>
    protected abstract int Schedule(double now);

    /// <summary>A new request joins the back of the waiting queue (vLLM <c>add_request</c>).</summary>
    internal void AddRequest(int j)
    {
        Waiting.PushBack(j);
        WaitingCount++;
        Requests.State[j] = RequestTable.Waiting;
        MaxWaiting = Math.Max(MaxWaiting, WaitingCount);
    }

    /// <summary>
    /// The end of a step (vLLM <c>update_from_output</c>): each request in it gains its computed tokens (under speculative
    /// decoding, 1 + the accepted drafts; the rejected positions are given back) and its sampled tokens; finished requests
    /// free their blocks and leave the running list, which keeps its order. Returns how many finished.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal int UpdateFromOutput(double now)
    {
        var running = Running;
        var computed = Requests.Computed;
        var generated = Requests.Generated;
        var kept = 0;
        var finished = 0;
        for (var k = 0; k < running.Count; k++)
        {
            var j = running[k];
            if (k >= StepFrom && k < StepTo)
            {
                var emitted = StepEmitted[k];
                computed[j] += StepTokens[k] - StepDrafts[k] + (emitted > 0 && StepDrafts[k] > 0 ? emitted - 1 : 0);
                if (emitted > 0)
                {
                    if (generated[j] == 0)
                    {
                        Requests.FirstToken[j] = now;
                    }

                    generated[j] += emitted;
                    if (generated[j] >= Requests.Output[j])
                    {
                        Requests.Leave(j, now, RequestStatus.Ok);
                        Kv.Free(j);
                        finished++;
                        continue;
                    }
                }
            }

            running[kept++] = j;
        }

        running.RemoveRange(kept, running.Count - kept);
        StepFrom = StepTo = 0;
        return finished;
    }

    /// <summary>
    /// Gives each running request, in list order, its next tokens within <paramref name="budget"/> (a decode 1, plus its
    /// drafts under speculative decoding; a partly prefilled prompt its next chunk), taking their KV blocks; when blocks
    /// run out, preempts the newest running request (vLLM: <c>self.running.pop()</c> under FCFS) until they fit or the
    /// request itself was preempted. Returns the budget left.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected int ScheduleRunning(int budget, ref int preempted)
    {
        var running = Running;
        var index = 0;
        while (index < running.Count && budget > 0)
        {
            var j = running[index];
            var need = prompt[j] + generatedOf[j] - computedOf[j];
            var tokens = Math.Min(need, budget);
            if (speculative is not null && need == 1 && generatedOf[j] > 0)
            {
                // Drafts: at most k, never past the request's last token, within the budget.
                var drafts = Math.Min(speculative.DraftTokens, Math.Min(output[j] - generatedOf[j] - 1, budget - 1));
                tokens = 1 + Math.Max(0, drafts);
            }

            var fits = true;
            while (!Kv.AllocateSlots(j, tokens, admitting: false))
            {
                var victim = running[^1];
                running.RemoveAt(running.Count - 1);
                Preempt(victim);
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

            Add(index, tokens);
            budget -= tokens;
            index++;
        }

        return budget;
    }

    /// <summary>The head of the waiting queue (dropping requests that timed out meanwhile), or −1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected int Head()
    {
        var queue = Waiting;
        var state = Requests.State;
        while (queue.Count > 0 && state[queue.PeekFront()] != RequestTable.Waiting)
        {
            queue.PopFront();
        }

        return queue.Count > 0 ? queue.PeekFront() : -1;
    }

    /// <summary>Whether another request may run (vLLM <c>max_num_seqs</c>, counting partly prefilled prompts).</summary>
    protected bool RoomForOneMore => Running.Count < maxBatch;

    /// <summary>Moves the head of the waiting queue to the end of the running list.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected void Start(int j, double now)
    {
        Waiting.PopFront();
        WaitingCount--;
        if (!Requests.Started[j])
        {
            Requests.Started[j] = true;
            Requests.Admitted[j] = now;
        }

        Requests.State[j] = RequestTable.Running;
        Running.Add(j);
        MaxRunning = Math.Max(MaxRunning, Running.Count);
    }

    /// <summary>Puts running[index] into the step with <paramref name="tokens"/> tokens and counts what the step holds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected void Add(int index, int tokens)
    {
        if (StepTo == StepFrom)
        {
            StepFrom = index;
        }

        StepTo = index + 1;
        if (index >= StepTokens.Length)
        {
            var size = Math.Max(StepTokens.Length * 2, index + 1);
            var t = StepTokens;
            var e = StepEmitted;
            var d = StepDrafts;
            Array.Resize(ref t, size);
            Array.Resize(ref e, size);
            Array.Resize(ref d, size);
            StepTokens = t;
            StepEmitted = e;
            StepDrafts = d;
        }

        var j = Running[index];
        var generated = generatedOf[j];
        var sequence = prompt[j] + generated;
        var computed = computedOf[j];
        StepTokens[index] = tokens;
        int emitted;
        var drafts = 0;
        if (generated > 0 && computed == sequence - 1)
        {
            // A decode: the last sampled token is fed back (1 position), plus any drafts to verify.
            drafts = tokens - 1;
            emitted = 1 + (drafts > 0 ? speculative!.SampleAccepted(acceptance!, drafts) : 0);
            Decodes++;
            Context += sequence;
            Drafts += drafts;
        }
        else
        {
            emitted = computed + tokens >= sequence ? 1 : 0;
            PrefillTokens += tokens;
            Prefills++;
        }

        StepDrafts[index] = drafts;
        StepEmitted[index] = emitted;
        if (emitted > 0 && generated + emitted >= output[j])
        {
            Finishing++;
        }
    }

    /// <summary>Preemption by recomputation: free the blocks, forget the computed tokens, back to the front of the queue.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Preempt(int j)
    {
        Kv.Free(j);
        Requests.Computed[j] = 0;
        Requests.Preemptions[j]++;
        Preemptions++;
        Requests.State[j] = RequestTable.Waiting;
        Waiting.PushFront(j);
        WaitingCount++;
        MaxWaiting = Math.Max(MaxWaiting, WaitingCount);
        PreemptedInStep?.Add(j);
    }
}
