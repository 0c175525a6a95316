namespace ServingMath;

/// <summary>
/// The Kubernetes Horizontal Pod Autoscaler's decision rule (Kubernetes documentation, "Horizontal Pod Autoscaling",
/// algorithm details, v1.34; defaults from <c>kube-controller-manager</c> and the <c>autoscaling/v2</c> API): every sync
/// period (15 s) it compares the metric with its target, asks for ⌈current × metric / target⌉ replicas unless the ratio is
/// within the tolerance (0.1) of 1, scales up at once — at most to max(2 × current, current + 4) per sync — and scales
/// down only to the highest recommendation of the stabilization window (300 s), so a dip does not remove replicas that
/// the next minute needs.
/// </summary>
/// <remarks>
/// The metric is given as the fleet's total (e.g. requests waiting across all replicas), the target per replica, so
/// current × (total / current) / target = total / target: replicas still starting count as 0 of the metric, as the HPA
/// counts not-yet-ready pods when it scales up. Ratios come out as a person computes them: 11 waiting with 10 replicas
/// and a target of 1 is a ratio of exactly 1.1, within the tolerance (the controller's float64 gives 1.1000000000000001
/// and would scale; the lessons keep away from that boundary).
/// </remarks>
public static class HorizontalAutoscaler
{
    /// <summary>The HPA's default tolerance: no change while |metric / target − 1| ≤ 0.1.</summary>
    public const double DefaultTolerance = 0.1;

    /// <summary>The HPA's default sync period, s (<c>--horizontal-pod-autoscaler-sync-period</c>).</summary>
    public const double DefaultSyncSeconds = 15;

    /// <summary>The HPA's default scale-down stabilization window, s (<c>behavior.scaleDown.stabilizationWindowSeconds</c>).</summary>
    public const double DefaultScaleDownWindowSeconds = 300;

    /// <summary>
    /// One sync's recommendation: the current count when |total / (current × target) − 1| ≤ tolerance, otherwise
    /// ⌈total / target⌉. 30 waiting at 2 replicas with a target of 10 per replica: ratio 1.5, so ⌈30 / 10⌉ = 3.
    /// </summary>
    /// <param name="totalMetric">The metric summed over the fleet (m), e.g. requests waiting. Range: m ≥ 0.</param>
    /// <param name="currentReplicas">Replicas the fleet has now, starting ones included (n). Range: n ≥ 1.</param>
    /// <param name="targetPerReplica">The metric's target per replica (m_target). Range: m_target &gt; 0.</param>
    /// <param name="tolerance">The band around a ratio of 1 that leaves the fleet alone. Range: ≥ 0.</param>
    /// <returns>The recommended replica count (0 when the metric is 0; the caller applies its minimum).</returns>
    /// <example><code>HorizontalAutoscaler.DesiredReplicas(30, 2, 10)   // 3</code></example>
    public static int DesiredReplicas(double totalMetric, int currentReplicas, double targetPerReplica, double tolerance = DefaultTolerance)
    {
        LibraryCalls.Record(typeof(HorizontalAutoscaler));
        Guard.NonNegative(totalMetric, nameof(totalMetric), "the metric summed over the fleet");
        Guard.Positive(currentReplicas, nameof(currentReplicas), "replicas the fleet has now");
        Guard.Positive(targetPerReplica, nameof(targetPerReplica), "the metric's target per replica");
        Guard.NonNegative(tolerance, nameof(tolerance), "tolerance around a ratio of 1");
        return Recommend(totalMetric, currentReplicas, targetPerReplica, tolerance);
    }

    /// <summary>
    /// The replica count after each sync, replaying a metric: at sync i the recommendation rᵢ is
    /// <see cref="DesiredReplicas"/> of the metric with the count left by sync i − 1 (at least 1); when rᵢ is above the
    /// count the fleet scales up at once to min(rᵢ, max(2n, n + 4)); otherwise it goes to min(n, the highest r of the last W
    /// syncs, this one included). Replicas are ready at once (no cold start: the metric is given, not simulated).
    /// </summary>
    /// <param name="totalMetricPerSync">The fleet's total metric at each sync (mᵢ). Range: each ≥ 0.</param>
    /// <param name="startReplicas">Replicas before the first sync. Range: ≥ 1.</param>
    /// <param name="targetPerReplica">The metric's target per replica (m_target). Range: m_target &gt; 0.</param>
    /// <param name="scaleDownWindowSyncs">Syncs in the scale-down stabilization window, this one included (W; 300 s / 15 s = 20 by default, 1 for none). Range: W ≥ 1.</param>
    /// <param name="tolerance">The band around a ratio of 1 that leaves the fleet alone. Range: ≥ 0.</param>
    /// <returns>The replica count after each sync.</returns>
    /// <example><code>HorizontalAutoscaler.Replicas([30, 30, 5, 5], 2, 10, 2)   // [3, 3, 3, 1]</code></example>
    public static int[] Replicas(double[] totalMetricPerSync, int startReplicas, double targetPerReplica, int scaleDownWindowSyncs, double tolerance = DefaultTolerance)
    {
        LibraryCalls.Record(typeof(HorizontalAutoscaler));
        Guard.FiniteList(totalMetricPerSync, nameof(totalMetricPerSync), "the fleet's total metric at each sync");
        for (var i = 0; i < totalMetricPerSync.Length; i++)
        {
            Guard.NonNegative(totalMetricPerSync[i], $"{nameof(totalMetricPerSync)}[{i}]", "the fleet's total metric at that sync");
        }

        Guard.Positive(startReplicas, nameof(startReplicas), "replicas before the first sync");
        Guard.Positive(targetPerReplica, nameof(targetPerReplica), "the metric's target per replica");
        Guard.Positive(scaleDownWindowSyncs, nameof(scaleDownWindowSyncs), "syncs in the scale-down stabilization window");
        Guard.NonNegative(tolerance, nameof(tolerance), "tolerance around a ratio of 1");
        var replicas = new int[totalMetricPerSync.Length];
        var recommendations = new List<int>();
        var current = startReplicas;
        for (var i = 0; i < totalMetricPerSync.Length; i++)
        {
            var recommendation = Recommend(totalMetricPerSync[i], current, targetPerReplica, tolerance);
            recommendations.Add(recommendation);
            current = Math.Max(1, Stabilize(current, recommendation, recommendations, scaleDownWindowSyncs));
            replicas[i] = current;
        }

        return replicas;
    }

    /// <summary>
    /// ⌈total / target⌉ unless the ratio is within the tolerance of 1. Both tests allow a relative 10⁻⁹ for binary
    /// rounding, so they come out as a person computes them in decimals: 11 / (10 × 1) is within 0.1 of 1, and
    /// 1.1 / 0.1 (11.000000000000002 in binary) asks for 11. A replay calls this every step, so no slower exact arithmetic.
    /// </summary>
    internal static int Recommend(double totalMetric, int currentReplicas, double targetPerReplica, double tolerance)
    {
        const double Slack = 1e-9;
        var replicas = totalMetric / targetPerReplica;
        if (replicas > int.MaxValue / 2)
        {
            throw new ArgumentOutOfRangeException(nameof(totalMetric), totalMetric,
                $"totalMetric {Guard.Show(totalMetric)} / targetPerReplica {Guard.Show(targetPerReplica)} asks for more replicas than a count can hold; check the units.");
        }

        var ratio = replicas / currentReplicas;
        return Math.Abs(ratio - 1) <= tolerance + Slack ? currentReplicas : (int)Math.Ceiling(replicas * (1 - Slack));
    }

    /// <summary>
    /// Up at once, limited to max(2n, n + 4) per sync (the default scale-up policies, the larger one selected); down to
    /// the highest recommendation of the last <paramref name="windowSyncs"/> syncs, never below it.
    /// </summary>
    internal static int Stabilize(int current, int recommendation, List<int> recommendations, int windowSyncs)
    {
        if (recommendation > current)
        {
            return Math.Min(recommendation, Math.Max(2 * current, current + 4));
        }

        var highest = recommendation;
        for (var k = Math.Max(0, recommendations.Count - windowSyncs); k < recommendations.Count; k++)
        {
            highest = Math.Max(highest, recommendations[k]);
        }

        return Math.Min(current, highest);
    }
}
