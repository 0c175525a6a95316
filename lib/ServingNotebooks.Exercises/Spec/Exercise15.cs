using ServingMath;

namespace ServingNotebooks.Exercises.Spec;

/// <summary>Exercise 15: Autoscaling dynamics — the backlog of a cold start, the HPA's rule, the cheapest autoscaler within the error budget.</summary>
public static class Exercise15
{
    /// <summary>Requests per second one replica serves within the wait SLO (the notebook's μ, from the simulator).</summary>
    internal const double CapacityPerReplica = 20;

    /// <summary>The wait SLO, s.</summary>
    internal const double WaitSloSeconds = 1;

    /// <summary>The burst starts at 11:00 and lasts 30 minutes.</summary>
    internal const double BurstStartSeconds = 11 * 3600;

    /// <summary>The burst's length, s.</summary>
    internal const double BurstSeconds = 1800;

    /// <summary>The minimum (warm) replica counts part (c) tries.</summary>
    internal static readonly int[] MinReplicaCandidates = [1, 2, 4, 6, 8, 10, 12, 15];

    /// <summary>The load targets part (c) tries.</summary>
    internal static readonly double[] LoadTargetCandidates = [0.5, 0.6, 0.7, 0.8, 0.9];

    /// <summary>The exercise, with its hidden cases; every expected value is computed by ServingMath.</summary>
    public static Exercise Build() => new()
    {
        Number = 15,
        Notebook = "15-autoscaling-dynamics.ipynb",
        Title = "Autoscaling dynamics",
        Parts =
        [
            new()
            {
                Name = "a",
                Title = "Requests queued while replicas start",
                AnswerVariable = "queuedWhenReady",
                Kind = AnswerKind.Number,
                FunctionName = "QueuedWhenReady",
                Expected = ScaleUpLag.QueuedRequests([6_300, 6_900, 8_700, 8_700, 8_700, 8_700, 8_700, 8_700], 7_200, 6),
                VisibleCases =
                [
                    PartCase.Of(ScaleUpLag.QueuedRequests([100, 150, 150, 150], 120, 3), new double[] { 100, 150, 150, 150 }, 120d, 3),
                    PartCase.Of(ScaleUpLag.QueuedRequests([10, 150], 100, 2), new double[] { 10, 150 }, 100d, 2),
                ],
                Nudge = "Walk the minutes before the replicas are ready: what does each minute add to the queue, and can a queue be shorter than empty?",
                Hint = "Start with an empty queue; for each minute i before the ready minute, queue = max(0, queue + arrivals[i] − capacity). The answer is the queue at the ready minute.",
                OffLimits = ["ScaleUpLag.QueuedRequests"],
                Points = 2,
            },
            new()
            {
                Name = "b",
                Title = "The HPA's decisions, sync by sync",
                AnswerVariable = "hpaReplicas",
                Kind = AnswerKind.IndexList,
                FunctionName = "HpaReplicas",
                Expected = HorizontalAutoscaler.Replicas(SeedWaiting, 4, 10, 4),
                VisibleCases =
                [
                    PartCase.Of(HorizontalAutoscaler.Replicas([30, 30, 5, 5], 2, 10, 2), new double[] { 30, 30, 5, 5 }, 2, 10d, 2),
                    PartCase.Of(HorizontalAutoscaler.Replicas([100, 100, 100, 100, 100, 100], 1, 1, 20), new double[] { 100, 100, 100, 100, 100, 100 }, 1, 1d, 20),
                    PartCase.Of(HorizontalAutoscaler.Replicas([21, 0, 0], 2, 10, 1), new double[] { 21, 0, 0 }, 2, 10d, 1),
                ],
                Nudge = "Each sync: is the ratio within the tolerance? Up goes at once but how far per sync? Down goes only as far as the window allows, and never below 1.",
                Hint = "ratio = total / (c × target); recommend c if |ratio − 1| ≤ 0.1, else ⌈total / target⌉. Up: c = min(recommendation, max(2c, c + 4)). Down: c = min(c, the highest recommendation of the last windowSyncs syncs, this one included). At least 1.",
                OffLimits = ["HorizontalAutoscaler.Replicas", "HorizontalAutoscaler.DesiredReplicas", "ScalingReplay.Run", "ScalingReplay.Cheapest"],
                Points = 3,
            },
            new()
            {
                Name = "c",
                Title = "The cheapest autoscaler within the error budget",
                AnswerVariable = "cheapestGpuHours",
                Kind = AnswerKind.Number,
                FunctionName = "CheapestGpuHours",
                ExpectedFromData = _ => CheapestGpuHours(200, 1.5, 188.03, 0.001),   // a search: computed when first checked, not when the specs load
                VisibleCases =
                [
                    PartCase.Of(CheapestGpuHours(200, 1, 188.03, 0.001), 200d, 1d, 188.03, 0.001),
                    PartCase.Of(CheapestGpuHours(100, 2, 300, 0.001), 100d, 2d, 300d, 0.001),
                ],
                Nudge = "Try every minimum and every load target on the day with its burst; keep only those whose late share is within the budget; of those, which costs least?",
                Hint = "For each (min, target): ScalingReplay.Run(new ScalingPolicy { MinReplicas, LoadTarget, ColdStartSeconds, MaxReplicas = 40 }, day, μ, SLO); feasible if LateFraction ≤ budget; answer the smallest GpuHours.",
                OffLimits = ["ScalingReplay.Cheapest"],
                Points = 3,
                Tolerance = 1e-9,
            },
            Specs.Choice(
                "q1",
                "Which metric to scale a batching replica on",
                "A vLLM fleet autoscales on GPU utilization (busy time) with a target of 70 %. What happens as traffic grows and shrinks over the day?",
                "b",
                "A continuously batching replica steps whenever any request is running, so it reports close to 100 % busy at light and at heavy load alike (the simulation above): busy time says \"over target\" all day and the fleet only grows to its maximum. KV-cache usage (vllm:kv_cache_usage_perc) and running requests rise with load; waiting requests (vllm:num_requests_waiting) show overload.",
                new("It tracks the load well: busy time is the standard HPA metric.", "Busy time is the HPA's CPU-era default; whether it follows the load depends on how a batching replica spends its time. Read the busy column against the load in the table above."),
                new("It scales up to its maximum and stays there: the replicas look busy at any load."),
                new("It never scales: a GPU never reports more than 70 % busy.", "Nothing caps the busy share at the target: the HPA compares it with the target and scales by the ratio. What busy share did the simulated replica report at each load?")),
            Specs.Choice(
                "q2",
                "Scaling on the queue alone",
                "An autoscaler uses only vLLM's num_requests_waiting (target 5 per replica). Why does the replay above saw up and down?",
                "a",
                "Waiting requests say how far the fleet is behind, not how much capacity the traffic needs: once the new replicas clear the queue it reads 0, the autoscaler (after its window) shrinks the fleet to the minimum, and the queue comes back. Pair it with a metric that follows the load itself (KV usage or running requests), as the HPA does by taking the larger recommendation of several metrics.",
                new("An empty queue reads 0 whatever the load, so after each catch-up it asks for the minimum and the queue returns."),
                new("The target of 5 is too small; with 50 it would be steady.", "Any queue target reads 0 once the queue is gone; a larger target only lets the queue grow longer first."),
                new("vLLM reports waiting requests only every 5 minutes.", "The gauge is updated every engine step; the HPA reads it every sync (15 s).")),
        ],
        Predictions = [new("predictedGpuHoursSaved", "the share of a static peak fleet's GPU-hours the autoscaled day saves, %") { Unit = "%", Reason = "The day's mean load is (peak + trough) / 2 of a cosine, but the autoscaler runs above the load (its target), pays for replicas while they start, and keeps them through its window; the burst needs a margin the static fleet also pays for all day." }],
    };

    /// <summary>Part (b)'s seed: requests waiting across the fleet at each 15 s sync, from a burst in the replay.</summary>
    internal static double[] SeedWaiting => [0, 40, 120, 200, 150, 60, 10, 0, 0, 0, 0, 0];

    /// <summary>Part (c)'s answer key: the GPU-hours of the cheapest autoscaler on the grid whose late share is within the budget.</summary>
    internal static double CheapestGpuHours(double peakRate, double burstFactor, double coldStartSeconds, double lateBudget)
    {
        var day = LoadCurve.Diurnal(peakRate, peakRate / 5, 15, burstFactor, BurstStartSeconds, BurstSeconds);
        var template = new ScalingPolicy { ColdStartSeconds = coldStartSeconds, MaxReplicas = 40 };
        var choice = ScalingReplay.Cheapest(template, day, CapacityPerReplica, WaitSloSeconds, lateBudget, MinReplicaCandidates, LoadTargetCandidates);
        return choice?.Timeline.GpuHours ?? double.NaN;
    }
}
