using System.Runtime.CompilerServices;
using MathNet.Numerics.Distributions;

namespace ServingMath.Simulation;

/// <summary>
/// One replica: a <see cref="Scheduler"/> over its KV cache and the model it steps — the counterpart of vLLM's
/// <c>EngineCore.step()</c> (<c>vllm/v1/engine/core.py</c>, v0.11): <c>schedule()</c>, run the model on what was
/// scheduled, <c>update_from_output()</c>. Here "run the model" is a time: the step cost model's milliseconds for what
/// the step holds, × optional lognormal noise, + host overheads (+ the draft's passes under speculative decoding).
/// </summary>
internal sealed class EngineCore
{
    private readonly LlmServingConfig config;
    private readonly IStepCostModel cost;
    private readonly Random? noise;
    private readonly double sigma;
    private readonly double draftMs;
    private readonly List<StepRecord>? steps;

    internal EngineCore(int index, LlmServingConfig config, RequestTable requests, IStepCostModel cost, Random? noise, Random? acceptance, List<StepRecord>? steps)
    {
        Index = index;
        this.config = config;
        this.cost = cost;
        this.steps = steps;
        sigma = config.StepNoiseSigma;
        this.noise = noise;
        draftMs = config.SpeculativeDecoding is { } s ? s.DraftStepMs * s.DraftTokens : 0;
        Scheduler = Scheduler.Create(config, requests, acceptance);
    }

    internal int Index { get; }

    internal Scheduler Scheduler { get; }

    /// <summary>Whether a step is running.</summary>
    internal bool Busy { get; private set; }

    /// <summary>Whether something changed at this instant (plan a step once the instant is over).</summary>
    internal bool Dirty { get; set; }

    /// <summary>Outstanding requests: waiting + running (what least-outstanding routing compares).</summary>
    internal int Load => Scheduler.WaitingCount + Scheduler.Running.Count;

    internal int Routed { get; set; }

    internal int Completed { get; private set; }

    internal long PrefillIterations { get; private set; }

    internal long DecodeSteps { get; private set; }

    internal double BusySeconds { get; private set; }

    private int StepCount { get; set; }

    /// <summary>Plans and starts a step if idle and there is work; returns its length in seconds, or −1 when idle.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal double TryStartStep(double now)
    {
        if (Busy)
        {
            return -1;
        }

        var s = Scheduler;
        s.Plan(now);
        if (!s.HasStep)
        {
            return -1; // nothing to run: idle until an arrival
        }

        var work = s.Work;
        var ms = Checked(cost.StepMs(work), work);
        if (noise is not null)
        {
            ms *= Math.Exp((sigma * Normal.Sample(noise, 0, 1)) - (sigma * sigma / 2));
        }

        if (work.DraftTokens > 0)
        {
            ms += draftMs; // the draft ran k passes to propose what this step verifies
        }

        ms += config.StepOverheadMs + (config.FinishOverheadMs * s.Finishing);
        if (work.PrefillTokens > 0)
        {
            PrefillIterations++;
        }

        if (work.DecodeSequences > 0)
        {
            DecodeSteps++;
        }

        if (steps is not null)
        {
            steps.Add(Record(now, ms, work));
        }

        StepCount++;
        var seconds = ms / 1000.0;
        Busy = true;
        BusySeconds += seconds;
        return seconds;
    }

    /// <summary>The end of the step: tokens applied, finished requests gone.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void StepDone(double now)
    {
        Busy = false;
        Completed += Scheduler.UpdateFromOutput(now);
    }

    internal ReplicaStats Stats() => new(
        Index, Routed, Completed, PrefillIterations, DecodeSteps, BusySeconds, Scheduler.MaxRunning, Scheduler.MaxWaiting,
        Scheduler.Kv.MaxInUse, Scheduler.Kv.CapacityOrNull, Scheduler.Preemptions)
    {
        PrefixCacheQueriedTokens = Scheduler.Kv.QueriedTokens,
        PrefixCacheHitTokens = Scheduler.Kv.HitTokens,
        PrefixCacheEvictions = Scheduler.Kv.Evictions,
    };

    internal ReplicaSnapshot Snapshot(double now) =>
        new(now, Index, Scheduler.WaitingCount, Scheduler.Running.Count, Scheduler.Kv.InUse, Scheduler.Kv.CapacityOrNull);

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

    private StepRecord Record(double now, double ms, StepWork work)
    {
        var s = Scheduler;
        var requests = s.Requests;
        var batch = new StepEntry[s.StepTo - s.StepFrom];
        var first = new List<int>();
        var finished = new List<int>();
        for (var k = 0; k < batch.Length; k++)
        {
            var index = s.StepFrom + k;
            var j = s.Running[index];
            var emitted = s.StepEmitted[index];
            var decode = requests.Generated[j] > 0 && requests.Computed[j] == requests.Sequence(j) - 1;
            batch[k] = new StepEntry(j, s.StepTokens[index], decode ? StepKind.Decode : StepKind.Prefill, emitted);
            if (emitted > 0 && requests.Generated[j] == 0)
            {
                first.Add(j);
            }

            if (emitted > 0 && requests.Generated[j] + emitted >= requests.Output[j])
            {
                finished.Add(j);
            }
        }

        var startMs = now * 1000.0;
        return new StepRecord(
            Index, StepCount, startMs, startMs + ms, batch, first, finished, [.. s.PreemptedInStep!], work,
            s.WaitingCount, s.Running.Count, s.Kv.InUse);
    }
}
