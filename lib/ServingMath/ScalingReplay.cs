namespace ServingMath;

/// <summary>
/// Replays a load curve through an autoscaled fleet: each time step the autoscaler (<see cref="ScalingPolicy"/>, the
/// Horizontal Pod Autoscaler's rule) reads the metrics of the step before, new replicas serve only after their cold
/// start, and the ready replicas serve the traffic as a fluid queue.
/// </summary>
/// <remarks>
/// <para>
/// Why a fluid model and not the event simulator (<c>Simulation.Simulator</c>): a day at 100–200 requests/s is ten million
/// requests per policy, and a search tries dozens of policies; the simulator also runs a fixed fleet. So the simulator
/// calibrates (a replica's capacity μ at the SLO, the metrics a replica exports at each load) and this model replays the
/// day: a backlog b grows by (λ − ready × μ) × Δt when traffic exceeds the ready capacity and drains at the same rate, never
/// below 0. Below capacity the fluid queue is empty, so choose μ as the rate one replica sustains <em>within</em> the SLO
/// (the simulator's answer), not its peak.
/// </para>
/// <para>
/// A request waits b / (ready × μ) for the requests ahead of it (first come, first served); it is late when that exceeds
/// the wait SLO. Within a step b changes linearly, so the late share of the step's arrivals is the share of the step during
/// which b is above the SLO × ready × μ. With no replica ready every arrival is late.
/// </para>
/// </remarks>
public static class ScalingReplay
{
    /// <summary>
    /// Replays <paramref name="arrivalRatePerStep"/> (one rate per sync period) through the policy. The fleet starts where
    /// the autoscaler settles for the first step's load (at least <see cref="ScalingPolicy.MinReplicas"/>), all ready, with
    /// no queue.
    /// </summary>
    /// <param name="policy">The autoscaler. Its <see cref="ScalingPolicy.SyncSeconds"/> is the time step.</param>
    /// <param name="arrivalRatePerStep">Requests per second arriving in each step (λᵢ). Range: each ≥ 0.</param>
    /// <param name="capacityPerReplica">Requests per second one replica serves within the SLO (μ). Range: μ &gt; 0.</param>
    /// <param name="waitSloSeconds">The longest acceptable wait before service, s. Range: ≥ 0.</param>
    /// <returns>The fleet, the backlog and the totals, step by step.</returns>
    public static ScalingTimeline Run(ScalingPolicy policy, double[] arrivalRatePerStep, double capacityPerReplica, double waitSloSeconds)
    {
        LibraryCalls.Record(typeof(ScalingReplay));
        Validate(policy, arrivalRatePerStep, capacityPerReplica, waitSloSeconds);
        var step = policy.SyncSeconds;
        var coldSteps = (int)decimal.Ceiling(ExactRatio.ToDecimal(policy.ColdStartSeconds) / ExactRatio.ToDecimal(step));
        var windowSyncs = Math.Max(1, (int)decimal.Ceiling(ExactRatio.ToDecimal(policy.ScaleDownWindowSeconds) / ExactRatio.ToDecimal(step)));
        var n = arrivalRatePerStep.Length;
        var ready = new int[n];
        var paid = new int[n];
        var backlogs = new double[n];
        var starting = new List<int>();   // the step at which each starting replica serves, oldest first
        var recommendations = new List<int>();
        // Where the autoscaler settles for the first step's load: ⌈λ₀ / (μ × load target)⌉ (a queue target alone asks for none).
        var settled = policy.LoadTarget is double firstTarget
            ? Guard.FitsInt(ExactRatio.Ceiling(arrivalRatePerStep[0], capacityPerReplica, firstTarget), nameof(arrivalRatePerStep), "replicas for the first step")
            : 1;
        var serving = Clamp(policy, Math.Max(1, settled));
        double backlog = 0, requests = 0, late = 0, gpuSeconds = 0;
        for (var i = 0; i < n; i++)
        {
            serving += Arrived(starting, i);
            if (i > 0)
            {
                var current = serving + starting.Count;
                var recommendation = Recommendation(policy, arrivalRatePerStep[i - 1], backlog, serving, current, capacityPerReplica);
                recommendations.Add(recommendation);
                var target = Clamp(policy, HorizontalAutoscaler.Stabilize(current, recommendation, recommendations, windowSyncs));
                for (var k = current; k < target; k++)
                {
                    starting.Add(i + coldSteps);
                }

                for (var k = target; k < current; k++)
                {
                    if (starting.Count > 0)
                    {
                        starting.RemoveAt(starting.Count - 1);   // cancel the newest start first
                    }
                    else
                    {
                        serving--;
                    }
                }

                serving += Arrived(starting, i);   // with no cold start, new replicas serve this step
            }

            var lambda = arrivalRatePerStep[i];
            var capacity = serving * capacityPerReplica;
            var arrivals = lambda * step;
            late += arrivals * LateShare(backlog, lambda, capacity, step, waitSloSeconds);
            requests += arrivals;
            backlog = Math.Max(0, backlog + ((lambda - capacity) * step));
            ready[i] = serving;
            paid[i] = serving + starting.Count;
            backlogs[i] = backlog;
            gpuSeconds += paid[i] * step;
        }

        return new ScalingTimeline(step, [.. arrivalRatePerStep], ready, paid, backlogs, requests, late, gpuSeconds / 3600);
    }

    /// <summary>
    /// The cheapest autoscaler on a grid: every pair of a minimum (warm) replica count and a load target, each replayed with
    /// <see cref="Run"/>; of those whose SLO burn (<see cref="ScalingTimeline.LateFraction"/>) is within the budget, the
    /// fewest GPU-hours (the first on a tie, minimums outer, targets inner). Null when none is within the budget.
    /// </summary>
    /// <param name="template">Everything but <see cref="ScalingPolicy.MinReplicas"/> and <see cref="ScalingPolicy.LoadTarget"/> (cold start, queue target, bounds).</param>
    /// <param name="arrivalRatePerStep">Requests per second in each step. Range: each ≥ 0.</param>
    /// <param name="capacityPerReplica">Requests per second one replica serves within the SLO (μ). Range: μ &gt; 0.</param>
    /// <param name="waitSloSeconds">The longest acceptable wait, s. Range: ≥ 0.</param>
    /// <param name="lateBudget">The share of requests allowed to wait longer (the error budget, 0.001 for 99.9 %). Range: 0 ≤ budget ≤ 1.</param>
    /// <param name="minReplicaCandidates">The minimum replica counts to try. Range: each ≥ 1, none above the template's maximum.</param>
    /// <param name="loadTargetCandidates">The load targets to try. Range: each in (0, 1].</param>
    public static ScalingChoice? Cheapest(ScalingPolicy template, double[] arrivalRatePerStep, double capacityPerReplica, double waitSloSeconds,
        double lateBudget, int[] minReplicaCandidates, double[] loadTargetCandidates)
    {
        LibraryCalls.Record(typeof(ScalingReplay));
        Guard.NotNull(template, nameof(template));
        Guard.Fraction(lateBudget, nameof(lateBudget), "share of requests allowed to wait longer than the SLO");
        Guard.NotNull(minReplicaCandidates, nameof(minReplicaCandidates));
        Guard.FiniteList(loadTargetCandidates, nameof(loadTargetCandidates), "load targets to try");
        ScalingChoice? best = null;
        foreach (var minimum in minReplicaCandidates)
        {
            foreach (var target in loadTargetCandidates)
            {
                var policy = template with { MinReplicas = minimum, LoadTarget = target };
                var timeline = Run(policy, arrivalRatePerStep, capacityPerReplica, waitSloSeconds);
                if (timeline.LateFraction <= lateBudget && (best is null || timeline.GpuHours < best.Timeline.GpuHours))
                {
                    best = new ScalingChoice(policy, timeline);
                }
            }
        }

        return best;
    }

    /// <summary>The larger of the two metrics' recommendations (0 when neither metric is set).</summary>
    private static int Recommendation(ScalingPolicy policy, double lambda, double backlog, int serving, int current, double mu)
    {
        var recommendation = 0;
        if (policy.LoadTarget is double loadTarget)
        {
            // Load in replicas' worth, as the fleet can show it: the ready replicas saturate at 1 each, starting ones show 0.
            var load = backlog > 0 ? serving : Math.Min(lambda / mu, serving);
            recommendation = Math.Max(recommendation, HorizontalAutoscaler.Recommend(load, current, loadTarget, policy.Tolerance));
        }

        if (policy.QueueTarget is double queueTarget)
        {
            recommendation = Math.Max(recommendation, HorizontalAutoscaler.Recommend(backlog, current, queueTarget, policy.Tolerance));
        }

        return recommendation;
    }

    /// <summary>Removes the starting replicas that serve from step <paramref name="step"/> on (the oldest come first) and counts them.</summary>
    private static int Arrived(List<int> starting, int step)
    {
        var count = 0;
        while (count < starting.Count && starting[count] <= step)
        {
            count++;
        }

        starting.RemoveRange(0, count);
        return count;
    }

    private static int Clamp(ScalingPolicy policy, int replicas) => Math.Clamp(replicas, policy.MinReplicas, policy.MaxReplicas);

    /// <summary>
    /// The share of a step's arrivals whose wait b(t) / capacity exceeds the SLO, for b(t) = max(0, b₀ + (λ − capacity) t),
    /// 0 ≤ t ≤ Δ: the share of the step with b(t) above SLO × capacity.
    /// </summary>
    private static double LateShare(double backlog, double lambda, double capacity, double step, double slo)
    {
        if (capacity == 0)
        {
            return 1;
        }

        var threshold = slo * capacity;
        var slope = lambda - capacity;
        var secondsAbove = slope switch
        {
            0 => backlog > threshold ? step : 0,
            > 0 => step - Math.Clamp((threshold - backlog) / slope, 0, step),
            _ => Math.Clamp((backlog - threshold) / -slope, 0, step),
        };
        return secondsAbove / step;
    }

    private static void Validate(ScalingPolicy policy, double[] arrivalRatePerStep, double capacityPerReplica, double waitSloSeconds)
    {
        Guard.NotNull(policy, nameof(policy));
        Guard.FiniteList(arrivalRatePerStep, nameof(arrivalRatePerStep), "requests per second in each step");
        for (var i = 0; i < arrivalRatePerStep.Length; i++)
        {
            Guard.NonNegative(arrivalRatePerStep[i], $"{nameof(arrivalRatePerStep)}[{i}]", "requests per second in that step");
        }

        Guard.Positive(capacityPerReplica, nameof(capacityPerReplica), "requests per second one replica serves within the SLO");
        Guard.NonNegative(waitSloSeconds, nameof(waitSloSeconds), "seconds of acceptable wait");
        Guard.Positive(policy.MinReplicas, "policy.MinReplicas", "fewest replicas");
        if (policy.MaxReplicas < policy.MinReplicas)
        {
            throw new ArgumentOutOfRangeException(nameof(policy), policy.MaxReplicas,
                $"policy.MaxReplicas ({policy.MaxReplicas}) must be at least policy.MinReplicas ({policy.MinReplicas}).");
        }

        if (policy.LoadTarget is double load)
        {
            Guard.FractionUpToOne(load, "policy.LoadTarget", "target share of a replica's capacity");
        }

        if (policy.QueueTarget is double queue)
        {
            Guard.Positive(queue, "policy.QueueTarget", "target requests waiting per replica");
        }

        Guard.NonNegative(policy.ColdStartSeconds, "policy.ColdStartSeconds", "seconds until a new replica serves");
        Guard.Positive(policy.SyncSeconds, "policy.SyncSeconds", "seconds between syncs");
        Guard.NonNegative(policy.Tolerance, "policy.Tolerance", "tolerance around a ratio of 1");
        Guard.NonNegative(policy.ScaleDownWindowSeconds, "policy.ScaleDownWindowSeconds", "seconds of scale-down stabilization");
    }
}
