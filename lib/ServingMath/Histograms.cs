namespace ServingMath;

/// <summary>
/// Prometheus histograms as a serving fleet exports them (vLLM's <c>vllm:time_to_first_token_seconds</c>, for one): a
/// fixed list of bucket upper bounds <c>le</c> and, for each, the <em>cumulative</em> count of observations at or below it,
/// plus the <c>+Inf</c> bucket that counts every observation. What PromQL does with them — <c>histogram_quantile</c>,
/// <c>sum by (le)</c> over replicas, <c>increase</c> over a window — is written out here so a notebook can do it by hand.
/// </summary>
/// <remarks>
/// Layout used throughout: <c>upperBounds</c> holds the finite bounds in increasing order (le₀ &lt; le₁ &lt; … &lt; le_{k−1});
/// <c>cumulativeCounts</c> has one more entry, k + 1: entry i counts the observations ≤ leᵢ, and the last entry is the
/// <c>+Inf</c> bucket, the total. Counts are real numbers because PromQL works on rates and increases (fractions of a
/// request per second), not only whole counts. Source: Prometheus <c>promql/quantile.go</c> (<c>bucketQuantile</c>),
/// read at commit 01381a8 (Prometheus 2.4x; the classic-histogram algorithm is the same in 3.x), and the
/// <c>histogram_quantile</c> documentation.
/// </remarks>
public static class Histograms
{
    /// <summary>
    /// The q-quantile of a cumulative histogram the way Prometheus's <c>histogram_quantile(q, …)</c> computes it for classic
    /// buckets: rank q · N (N the +Inf count); the answer lies in the first bucket whose cumulative count reaches that rank, and
    /// inside it the observations are assumed spread evenly (linear interpolation):
    /// Q = le_{i−1} + (leᵢ − le_{i−1}) · (q·N − N_{i−1}) / (Nᵢ − N_{i−1}), with le₋₁ = 0 and N₋₁ = 0 for the lowest bucket
    /// (when le₀ &gt; 0; when le₀ ≤ 0 the answer is le₀). If the rank falls in the +Inf bucket, Q is the highest finite bound
    /// le_{k−1}: the histogram cannot say more.
    /// </summary>
    /// <param name="upperBounds">The finite bucket bounds (leᵢ, the <c>le</c> labels), increasing, in the observations' unit. Range: at least one, all finite, strictly increasing.</param>
    /// <param name="cumulativeCounts">The cumulative counts (Nᵢ), one per bound and the +Inf count last. Range: k + 1 entries, finite, ≥ 0, never decreasing.</param>
    /// <param name="quantile">The quantile as a fraction (q), 0.99 for the p99. Range: 0 &lt; q ≤ 1.</param>
    /// <returns>The estimate, in the bounds' unit; NaN when the histogram holds no observation (N = 0), as Prometheus returns.</returns>
    /// <example><c>Histograms.Quantile([0.1, 0.25, 0.5], [60, 90, 98, 100], 0.95)</c>: the rank 95 lies in (0.25, 0.5], 5 of its 8
    /// observations in: 0.25 + 0.25 · 5/8 = 0.40625 s.</example>
    public static double Quantile(IReadOnlyList<double> upperBounds, IReadOnlyList<double> cumulativeCounts, double quantile)
    {
        LibraryCalls.Record(typeof(Histograms));
        CheckHistogram(upperBounds, cumulativeCounts, nameof(cumulativeCounts));
        Guard.FractionUpToOne(quantile, nameof(quantile), "quantile as a fraction, 0.99 for the p99");
        return QuantileOf(upperBounds, cumulativeCounts, quantile);
    }

    /// <summary>
    /// Several replicas' histograms as one, PromQL's <c>sum by (le) (…)</c>: the counts of each bucket added over the
    /// replicas, Nᵢ = Σ_r N_{r,i}. Valid only because every replica uses the same bucket bounds (vLLM's are fixed in its
    /// source); the quantile of the sum is the fleet's quantile, which no average of the replicas' quantiles gives.
    /// </summary>
    /// <param name="cumulativeCounts">Each replica's cumulative counts, same layout and length. Range: at least one replica, finite, ≥ 0.</param>
    /// <returns>The fleet's cumulative counts.</returns>
    /// <example><c>Histograms.Merge([[1, 3, 4], [0, 2, 6]])</c> is [1, 5, 10].</example>
    public static double[] Merge(IReadOnlyList<IReadOnlyList<double>> cumulativeCounts)
    {
        LibraryCalls.Record(typeof(Histograms));
        Guard.NotNull(cumulativeCounts, nameof(cumulativeCounts));
        if (cumulativeCounts.Count == 0)
        {
            throw new ArgumentException("cumulativeCounts (one histogram per replica) is empty; pass at least one replica's counts.", nameof(cumulativeCounts));
        }

        var length = CheckCounts(cumulativeCounts[0], $"{nameof(cumulativeCounts)}[0]").Count;
        var sum = new double[length];
        for (var r = 0; r < cumulativeCounts.Count; r++)
        {
            var counts = CheckCounts(cumulativeCounts[r], $"{nameof(cumulativeCounts)}[{r}]");
            if (counts.Count != length)
            {
                throw new ArgumentException(
                    $"cumulativeCounts[{r}] has {counts.Count} buckets but cumulativeCounts[0] has {length}; histograms merge only when every replica uses the same bucket bounds.",
                    nameof(cumulativeCounts));
            }

            for (var i = 0; i < length; i++)
            {
                sum[i] += counts[i];
            }
        }

        return sum;
    }

    /// <summary>
    /// What one replica's histogram counted between two scrapes, PromQL's <c>increase(…_bucket[w])</c> on two samples and
    /// without its extrapolation to the window's edges: per bucket, after − before; and where a counter went down, the
    /// process restarted (its counters began again at 0), so the increase is the count after: Δᵢ = aᵢ &lt; bᵢ ? aᵢ : aᵢ − bᵢ.
    /// Prometheus judges a reset per series (per bucket), as here.
    /// </summary>
    /// <param name="before">The cumulative counts at the first scrape. Range: finite, ≥ 0.</param>
    /// <param name="after">The cumulative counts at the second scrape, same length. Range: finite, ≥ 0.</param>
    /// <returns>The counts of the window, same layout.</returns>
    /// <example><c>Histograms.Increase([5, 8, 10], [7, 12, 15])</c> is [2, 4, 5]; after a restart, <c>Increase([5, 8, 10], [1, 2, 2])</c> is [1, 2, 2].</example>
    public static double[] Increase(IReadOnlyList<double> before, IReadOnlyList<double> after)
    {
        LibraryCalls.Record(typeof(Histograms));
        CheckCounts(before, nameof(before));
        CheckCounts(after, nameof(after));
        Guard.SameLength(before, nameof(before), after, nameof(after));
        var increase = new double[after.Count];
        for (var i = 0; i < after.Count; i++)
        {
            increase[i] = after[i] < before[i] ? after[i] : after[i] - before[i];
        }

        return increase;
    }

    /// <summary>
    /// The fleet's q-quantile over a window, the dashboard query
    /// <c>histogram_quantile(q, sum by (le) (increase(…_bucket[w])))</c>: each replica's increase between two scrapes
    /// (<see cref="Increase"/>, restarts included), summed over the replicas (<see cref="Merge"/>), then the quantile
    /// (<see cref="Quantile"/>).
    /// </summary>
    /// <param name="upperBounds">The finite bucket bounds, shared by every replica. Range: as in <see cref="Quantile"/>.</param>
    /// <param name="before">Each replica's cumulative counts at the start of the window. Range: one entry per replica, k + 1 counts each.</param>
    /// <param name="after">Each replica's cumulative counts at the end of the window, same replicas in the same order.</param>
    /// <param name="quantile">The quantile as a fraction (q). Range: 0 &lt; q ≤ 1.</param>
    /// <returns>The fleet's quantile over the window, in the bounds' unit; NaN when nothing was observed in it.</returns>
    public static double FleetQuantile(IReadOnlyList<double> upperBounds, IReadOnlyList<IReadOnlyList<double>> before, IReadOnlyList<IReadOnlyList<double>> after, double quantile)
    {
        LibraryCalls.Record(typeof(Histograms));
        Guard.NotNull(before, nameof(before));
        Guard.NotNull(after, nameof(after));
        if (before.Count != after.Count)
        {
            throw new ArgumentException($"before has {before.Count} replicas but after has {after.Count}; pass both scrapes of the same replicas.", nameof(after));
        }

        var windows = new List<IReadOnlyList<double>>();
        for (var r = 0; r < after.Count; r++)
        {
            windows.Add(Increase(before[r], after[r]));
        }

        var fleet = Merge(windows);
        CheckHistogram(upperBounds, fleet, "the summed window counts");
        Guard.FractionUpToOne(quantile, nameof(quantile), "quantile as a fraction, 0.99 for the p99");
        return QuantileOf(upperBounds, fleet, quantile);
    }

    /// <summary>
    /// The cumulative histogram of some observations, as a Prometheus client library fills it: each observation x counts in
    /// every bucket whose bound is ≥ x (<c>le</c> means "less than or equal"), and in +Inf.
    /// </summary>
    /// <param name="upperBounds">The finite bucket bounds, increasing. Range: at least one, finite, strictly increasing.</param>
    /// <param name="observations">The observations, in the bounds' unit, any order. Range: finite.</param>
    /// <returns>The cumulative counts, k + 1 entries (+Inf last).</returns>
    /// <example><c>Histograms.Cumulative([0.1, 0.5], [0.05, 0.1, 0.3, 2])</c> is [2, 3, 4]: 0.1 is counted in le="0.1".</example>
    public static double[] Cumulative(IReadOnlyList<double> upperBounds, IEnumerable<double> observations)
    {
        CheckBounds(upperBounds);
        Guard.NotNull(observations, nameof(observations));
        var perBucket = new double[upperBounds.Count + 1];
        foreach (var x in observations)
        {
            Guard.Finite(x, nameof(observations), "an observation");
            var i = 0;
            while (i < upperBounds.Count && x > upperBounds[i])
            {
                i++;
            }

            perBucket[i]++;
        }

        for (var i = 1; i < perBucket.Length; i++)
        {
            perBucket[i] += perBucket[i - 1];
        }

        return perBucket;
    }

    private static double QuantileOf(IReadOnlyList<double> upperBounds, IReadOnlyList<double> counts, double q)
    {
        var total = counts[^1];
        if (total == 0)
        {
            return double.NaN;
        }

        var rank = q * total;
        var b = 0;
        while (b < upperBounds.Count && counts[b] < rank)
        {
            b++;
        }

        if (b == upperBounds.Count)
        {
            return upperBounds[^1]; // in the +Inf bucket: the highest finite bound is all a histogram can say
        }

        if (b == 0 && upperBounds[0] <= 0)
        {
            return upperBounds[0];
        }

        var start = b == 0 ? 0 : upperBounds[b - 1];
        var below = b == 0 ? 0 : counts[b - 1];
        return start + ((upperBounds[b] - start) * ((rank - below) / (counts[b] - below)));
    }

    private static void CheckHistogram(IReadOnlyList<double> upperBounds, IReadOnlyList<double> counts, string countsName)
    {
        CheckBounds(upperBounds);
        CheckCounts(counts, countsName);
        if (counts.Count != upperBounds.Count + 1)
        {
            throw new ArgumentException(
                $"{countsName} has {counts.Count} entries but upperBounds has {upperBounds.Count}; pass one cumulative count per bound and the +Inf count (the total) last, {upperBounds.Count + 1} in all.",
                countsName);
        }

        for (var i = 1; i < counts.Count; i++)
        {
            if (counts[i] < counts[i - 1])
            {
                throw new ArgumentException(
                    $"{countsName}[{i}] = {Guard.Show(counts[i])} is below {countsName}[{i - 1}] = {Guard.Show(counts[i - 1])}; le buckets are cumulative, so each count includes every bucket below it and never decreases.",
                    countsName);
            }
        }
    }

    private static void CheckBounds(IReadOnlyList<double> upperBounds)
    {
        Guard.FiniteList(upperBounds, nameof(upperBounds), "the finite bucket bounds, le");
        for (var i = 1; i < upperBounds.Count; i++)
        {
            if (upperBounds[i] <= upperBounds[i - 1])
            {
                throw new ArgumentException(
                    $"upperBounds[{i}] = {Guard.Show(upperBounds[i])} is not above upperBounds[{i - 1}] = {Guard.Show(upperBounds[i - 1])}; bucket bounds must increase.",
                    nameof(upperBounds));
            }
        }
    }

    private static IReadOnlyList<double> CheckCounts(IReadOnlyList<double>? counts, string name)
    {
        Guard.FiniteList(counts, name, "cumulative bucket counts, +Inf last");
        for (var i = 0; i < counts!.Count; i++)
        {
            if (counts[i] < 0)
            {
                throw new ArgumentException($"{name}[{i}] = {Guard.Show(counts[i])} is negative; a bucket counts observations, 0 or more.", name);
            }
        }

        return counts;
    }
}
