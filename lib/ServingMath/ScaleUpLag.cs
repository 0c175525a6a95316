namespace ServingMath;

/// <summary>
/// What a fleet owes while new replicas start: the requests that pile up when traffic exceeds the capacity that is already
/// running. A fluid model (requests as a continuous quantity, served at the fleet's full rate whenever any wait), the
/// deterministic core of Lindley's recursion: it gives the backlog a burst builds, not the random waits below capacity.
/// </summary>
/// <remarks>Counts per minute: arrivals and capacity in requests per minute, time in whole minutes.</remarks>
public static class ScaleUpLag
{
    /// <summary>
    /// Requests still waiting when the new replicas become ready at the start of minute r: the backlog after minutes 0 … r − 1,
    /// bₘ₊₁ = max(0, bₘ + aₘ − c) with b₀ = 0. With arrivals [100, 150, 150, 150] per minute, capacity 120 per minute and
    /// the replicas ready at minute 3: b = 0, 30, 60 — 60 requests wait.
    /// </summary>
    /// <param name="arrivalsPerMinute">Requests arriving in each minute (aₘ), from minute 0. Range: each ≥ 0, at least r minutes.</param>
    /// <param name="capacityPerMinute">Requests the running fleet completes per minute (c). Range: c ≥ 0.</param>
    /// <param name="readyMinute">The minute the new replicas start serving (r). Range: 0 ≤ r ≤ the number of minutes given.</param>
    /// <returns>The backlog at the start of minute r, requests.</returns>
    /// <example><code>ScaleUpLag.QueuedRequests([100, 150, 150, 150], 120, 3)   // 60</code></example>
    public static double QueuedRequests(double[] arrivalsPerMinute, double capacityPerMinute, int readyMinute)
    {
        LibraryCalls.Record(typeof(ScaleUpLag));
        Guard.FiniteList(arrivalsPerMinute, nameof(arrivalsPerMinute), "requests arriving each minute");
        Guard.NonNegative(capacityPerMinute, nameof(capacityPerMinute), "requests the running fleet completes per minute");
        for (var m = 0; m < arrivalsPerMinute.Length; m++)
        {
            Guard.NonNegative(arrivalsPerMinute[m], $"{nameof(arrivalsPerMinute)}[{m}]", "requests arriving in that minute");
        }

        if (readyMinute < 0 || readyMinute > arrivalsPerMinute.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(readyMinute), readyMinute,
                $"{nameof(readyMinute)} (the minute the new replicas start serving) must be 0 to {arrivalsPerMinute.Length}, the number of minutes given; got {readyMinute}.");
        }

        var backlog = 0.0;
        for (var m = 0; m < readyMinute; m++)
        {
            backlog = Math.Max(0, backlog + arrivalsPerMinute[m] - capacityPerMinute);
        }

        return backlog;
    }
}
