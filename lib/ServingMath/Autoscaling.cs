namespace ServingMath;

/// <summary>
/// How many replicas to run: the utilization rule (keep each replica below a target busy fraction)
/// and the Erlang C rule (the fewest replicas whose waiting-time percentile meets an SLO).
/// </summary>
public static class Autoscaling
{
    /// <summary>
    /// Replicas by the utilization rule: ⌈λ / (μ × target)⌉, with decimal inputs taken exactly as written
    /// (120 / (30 × 0.75) = 5.33 → 6; 90 / (30 × 0.75) = 4 exactly → 4).
    /// </summary>
    /// <param name="arrivalRate">The arrival rate (λ), requests per second. Range: λ ≥ 0.</param>
    /// <param name="serviceRatePerReplica">Requests per second one replica completes (μ). Range: μ &gt; 0.</param>
    /// <param name="targetUtilization">The busy fraction to stay under. Range: 0 &lt; target ≤ 1.</param>
    /// <returns>The number of replicas, at least 1.</returns>
    public static int Replicas(double arrivalRate, double serviceRatePerReplica, double targetUtilization)
    {
        LibraryCalls.Record(typeof(Autoscaling));
        Guard.NonNegative(arrivalRate, nameof(arrivalRate), "requests per second");
        Guard.Positive(serviceRatePerReplica, nameof(serviceRatePerReplica), "requests per second one replica completes");
        Guard.FractionUpToOne(targetUtilization, nameof(targetUtilization), "target utilization");
        var replicas = ExactRatio.Ceiling(arrivalRate, serviceRatePerReplica, targetUtilization);
        return Math.Max(1, Guard.FitsInt(replicas, nameof(arrivalRate),
            $"arrivalRate {Guard.Show(arrivalRate)} / (serviceRatePerReplica {Guard.Show(serviceRatePerReplica)} × targetUtilization {Guard.Show(targetUtilization)}) replicas"));
    }

    /// <summary>
    /// Replicas by the Erlang C rule: the fewest c (each replica an M/M/c server) for which the
    /// p-th percentile of the wait before service is within the SLO.
    /// </summary>
    /// <param name="arrivalRate">The arrival rate (λ), requests per second. Range: λ &gt; 0.</param>
    /// <param name="serviceRatePerReplica">Requests per second one replica completes (μ). Range: μ &gt; 0.</param>
    /// <param name="waitSloSeconds">The highest acceptable wait at the percentile, seconds. Range: ≥ 0.</param>
    /// <param name="percentile">The percentile as a fraction, 0.99 for p99. Range: 0 &lt; p &lt; 1.</param>
    /// <remarks>One pass: O(c) in all for the answer c (the Erlang B recursion is not restarted for each candidate).</remarks>
    public static int ReplicasForWaitSlo(double arrivalRate, double serviceRatePerReplica, double waitSloSeconds, double percentile = 0.99)
    {
        LibraryCalls.Record(typeof(Autoscaling));
        Guard.Positive(arrivalRate, nameof(arrivalRate), "requests per second");
        Guard.Positive(serviceRatePerReplica, nameof(serviceRatePerReplica), "requests per second one replica completes");
        Guard.NonNegative(waitSloSeconds, nameof(waitSloSeconds), "seconds of acceptable wait");
        Guard.OpenUnitInterval(percentile, nameof(percentile), "percentile as a fraction, 0.99 for p99");
        var tail = 1 - percentile;

        // One pass up the Erlang B recursion from the first stable count (λ < c·μ as written), as WaitTimePercentile computes
        // the wait for each c: ln(C / (1 − p)) / (c·μ − λ), or 0 when C ≤ 1 − p.
        foreach (var (c, probabilityOfWaiting) in Queueing.ErlangCUpward(arrivalRate, serviceRatePerReplica, nameof(arrivalRate)))
        {
            var wait = probabilityOfWaiting <= tail ? 0 : Math.Log(probabilityOfWaiting / tail) / ((c * serviceRatePerReplica) - arrivalRate);
            if (wait <= waitSloSeconds)
            {
                return c;
            }
        }

        throw new InvalidOperationException("unreachable: ErlangCUpward ends only by throwing");
    }

    /// <summary>
    /// Both rules side by side, with the wait each one gives. The utilization rule ignores how many
    /// replicas share the load: at a fixed target it over-provisions a large fleet (pooling makes waits
    /// short) and can under-provision a small one. Both rules take decimal inputs as written: λ = 0.3, μ = 0.1 at target
    /// 0.9 asks for ⌈0.3 / (0.1 × 0.9)⌉ = ⌈3.33…⌉ = 4 replicas; at target 1 for exactly 3, which run at ρ = 1 (their wait
    /// is +∞; in binary 0.3 / 0.1 is 2.9999999999999996 and 3 × 0.1 is 0.30000000000000004, neither of which is what was typed).
    /// </summary>
    /// <param name="arrivalRate">The arrival rate (λ), requests per second. Range: λ &gt; 0.</param>
    /// <param name="serviceRatePerReplica">Requests per second one replica completes (μ). Range: μ &gt; 0.</param>
    /// <param name="targetUtilization">Target for the utilization rule. Range: 0 &lt; target ≤ 1.</param>
    /// <param name="waitSloSeconds">Wait SLO for the Erlang C rule, seconds. Range: ≥ 0.</param>
    /// <param name="percentile">The percentile of the SLO. Range: 0 &lt; p &lt; 1.</param>
    public static ScalingComparison Compare(double arrivalRate, double serviceRatePerReplica, double targetUtilization,
        double waitSloSeconds, double percentile = 0.99)
    {
        LibraryCalls.Record(typeof(Autoscaling));
        var byUtilization = Replicas(arrivalRate, serviceRatePerReplica, targetUtilization);
        var byErlangC = ReplicasForWaitSlo(arrivalRate, serviceRatePerReplica, waitSloSeconds, percentile);
        // Stable as written, the rule the replica count was computed by (⌈λ / (μ × target)⌉ on the decimals typed): with
        // λ = 0.3, μ = 0.1 and target 1 it asks for exactly 3 replicas, ρ = 1, so the wait grows without bound (+∞), although
        // 3 × 0.1 > 0.3 for doubles.
        var waitAtUtilizationRule = Queueing.IsStable(arrivalRate, serviceRatePerReplica, byUtilization)
            ? Queueing.WaitTimePercentile(arrivalRate, serviceRatePerReplica, byUtilization, percentile)
            : double.PositiveInfinity;
        return new ScalingComparison(byUtilization, byErlangC, waitAtUtilizationRule,
            Queueing.WaitTimePercentile(arrivalRate, serviceRatePerReplica, byErlangC, percentile), waitSloSeconds, percentile);
    }
}

/// <summary>The utilization rule and the Erlang C rule for one load.</summary>
/// <param name="ByUtilization">Replicas the utilization rule asks for.</param>
/// <param name="ByErlangC">Replicas the Erlang C rule asks for.</param>
/// <param name="WaitAtUtilizationRuleSeconds">The percentile wait with the utilization rule's replicas, s; +∞ when they are at or over capacity (λ ≥ c·μ as written, as at target 1).</param>
/// <param name="WaitAtErlangCRuleSeconds">The percentile wait with the Erlang C rule's replicas, s.</param>
/// <param name="WaitSloSeconds">The SLO, s.</param>
/// <param name="Percentile">The percentile of the SLO.</param>
public sealed record ScalingComparison(int ByUtilization, int ByErlangC, double WaitAtUtilizationRuleSeconds,
    double WaitAtErlangCRuleSeconds, double WaitSloSeconds, double Percentile)
{
    /// <summary>True when the two rules ask for different replica counts.</summary>
    public bool Disagree => ByUtilization != ByErlangC;

    /// <summary>One sentence on where the rules stand.</summary>
    public string Verdict => ByUtilization == ByErlangC
        ? $"Both rules ask for {Replicas(ByUtilization)}."
        : ByUtilization > ByErlangC
            ? $"The utilization rule over-provisions: {Replicas(ByUtilization)} where {ByErlangC} already meet the p{Percentile * 100:0.##} wait SLO."
            : $"The utilization rule under-provisions: {Replicas(ByUtilization)} miss{(ByUtilization == 1 ? "es" : string.Empty)} the p{Percentile * 100:0.##} wait SLO; {ByErlangC} are needed.";

    private static string Replicas(int count) => count == 1 ? "1 replica" : $"{count} replicas";
}
