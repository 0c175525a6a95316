namespace ServingMath.Simulation;

/// <summary>
/// Sizing a fleet by simulation: the fewest replicas whose simulated time-to-first-token percentile meets a target —
/// the search an engineer runs when a closed form (Erlang C, notebook 7) does not see what the replicas share, such as a
/// prefix cache that only helps when a conversation comes back to the replica that holds it.
/// </summary>
public static class FleetSizing
{
    /// <summary>
    /// The fewest replicas r = 1, 2, … whose p-th percentile TTFT, over the requests after the first warm-up fraction
    /// (the simulation starts empty and cold), is at most the target. Replicas are added one at a time, so the answer is
    /// the first that meets it, even if a larger fleet were to miss it again.
    /// </summary>
    /// <param name="config">One replica's configuration and the router; its <see cref="LlmServingConfig.Replicas"/> is replaced.</param>
    /// <param name="arrivals">The requests, in arrival order.</param>
    /// <param name="ttftTargetMs">The TTFT target, ms. Range: &gt; 0.</param>
    /// <param name="percentile">Which percentile (p) must meet it, 0.95 for p95. Range: 0 ≤ p ≤ 1.</param>
    /// <param name="maxReplicas">The largest fleet to try. Range: ≥ 1.</param>
    /// <param name="warmupFraction">The share of requests (in arrival order) left out as warm-up. Range: 0 ≤ f &lt; 1.</param>
    /// <returns>The fewest replicas that meet the target, or null when even <paramref name="maxReplicas"/> do not.</returns>
    public static int? FewestReplicasForTtft(
        LlmServingConfig config, IReadOnlyList<ArrivalRequest> arrivals, double ttftTargetMs,
        double percentile = 0.95, int maxReplicas = 32, double warmupFraction = 0.1)
    {
        LibraryCalls.Record(typeof(FleetSizing));
        Guard.NotNull(config, nameof(config));
        Guard.NotNull(arrivals, nameof(arrivals));
        Guard.Positive(ttftTargetMs, nameof(ttftTargetMs), "TTFT target in milliseconds");
        Guard.Fraction(percentile, nameof(percentile), "percentile as a fraction, 0.95 for p95");
        Guard.Positive(maxReplicas, nameof(maxReplicas), "largest fleet to try");
        Guard.Fraction(warmupFraction, nameof(warmupFraction), "share of requests left out as warm-up");
        if (warmupFraction >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(warmupFraction), warmupFraction, $"warmupFraction must leave some requests to measure (below 1); got {warmupFraction}");
        }

        for (var r = 1; r <= maxReplicas; r++)
        {
            if (TtftPercentileMs(config with { Replicas = r }, arrivals, percentile, warmupFraction) <= ttftTargetMs)
            {
                return r;
            }
        }

        return null;
    }

    /// <summary>
    /// The p-th percentile TTFT of one simulated run, over the requests after the warm-up fraction (Hyndman–Fan type 7,
    /// <see cref="Tracing.Percentile"/>), ms.
    /// </summary>
    /// <param name="config">The fleet: replicas, router and each replica's configuration.</param>
    /// <param name="arrivals">The requests, in arrival order.</param>
    /// <param name="percentile">Which percentile (p), 0.95 for p95. Range: 0 ≤ p ≤ 1.</param>
    /// <param name="warmupFraction">The share of requests (in arrival order) left out as warm-up. Range: 0 ≤ f &lt; 1.</param>
    /// <returns>The TTFT percentile, ms.</returns>
    public static double TtftPercentileMs(LlmServingConfig config, IReadOnlyList<ArrivalRequest> arrivals, double percentile = 0.95, double warmupFraction = 0.1)
    {
        LibraryCalls.Record(typeof(FleetSizing));
        Guard.NotNull(config, nameof(config));
        Guard.NotNull(arrivals, nameof(arrivals));
        Guard.Fraction(percentile, nameof(percentile), "percentile as a fraction, 0.95 for p95");
        Guard.Fraction(warmupFraction, nameof(warmupFraction), "share of requests left out as warm-up");
        var trace = Simulator.LlmReplicas(config, arrivals).Trace;
        var skip = (int)(trace.Count * warmupFraction);
        var ttft = new double[trace.Count - skip];
        for (var i = skip; i < trace.Count; i++)
        {
            ttft[i - skip] = trace[i].TtftMs;
        }

        return Tracing.Percentile(ttft, percentile);
    }
}
