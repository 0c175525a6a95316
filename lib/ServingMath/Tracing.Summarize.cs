using MathNet.Numerics.Statistics;

namespace ServingMath;

/// <summary>Trace analysis: percentiles, throughput, Little's law measured on the trace, where the slow requests' time went.</summary>
public static partial class Tracing
{
    /// <summary>
    /// Summarizes a trace. Percentiles use MathNet.Numerics <c>SortedArrayStatistics.QuantileCustom</c> with
    /// <c>QuantileDefinition.R7</c> (Hyndman–Fan type 7: linear between order statistics, the default of
    /// numpy.percentile and Excel PERCENTILE.INC): for n sorted values x₁..xₙ, h = (n − 1)·p + 1,
    /// Q = x⌊h⌋ + (h − ⌊h⌋)(x⌊h⌋+1 − x⌊h⌋).
    /// Latency percentiles cover Ok requests; Little's law covers every request (time in system = e2e).
    /// </summary>
    /// <param name="trace">The requests; any order. Must hold at least one request and span a positive time; each record consistent (times ≥ 0, e2e ≥ TTFT).</param>
    /// <param name="slowestFraction">Which slowest Ok requests (by e2e) to break down, as a fraction; at least one request. Range: 0 &lt; f ≤ 1; default 0.01 (the slowest 1 %).</param>
    /// <returns>The summary.</returns>
    public static TraceSummary Summarize(IReadOnlyList<RequestTrace> trace, double slowestFraction = 0.01)
    {
        LibraryCalls.Record(typeof(Tracing));
        Guard.NotNull(trace, nameof(trace));
        Guard.FractionUpToOne(slowestFraction, nameof(slowestFraction), "share of the completed requests");
        if (trace.Count == 0)
        {
            throw new ArgumentException("trace must hold at least one request; got an empty trace", nameof(trace));
        }

        int completed = 0, timedOut = 0, rejected = 0, fallback = 0;
        long outputTokens = 0;
        var firstArrival = double.PositiveInfinity;
        var lastDeparture = double.NegativeInfinity;
        var totalTimeInSystem = 0.0;
        for (var i = 0; i < trace.Count; i++)
        {
            var t = trace[i];
            if (t is null)
            {
                throw new ArgumentNullException(nameof(trace), $"trace[{i}] is null; every entry must be a request.");
            }

            if (t.Problem() is { } problem)
            {
                throw new ArgumentException($"trace[{i}] (request '{t.RequestId}') is impossible: {problem}.", nameof(trace));
            }

            switch (t.Status)
            {
                case RequestStatus.Ok:
                    completed++;
                    outputTokens += t.OutputTokens;
                    break;
                case RequestStatus.TimedOut:
                    timedOut++;
                    break;
                default:
                    rejected++;
                    break;
            }

            if (t.FallbackPath is not null)
            {
                fallback++;
            }

            firstArrival = Math.Min(firstArrival, t.ArrivalSeconds);
            lastDeparture = Math.Max(lastDeparture, t.DepartureSeconds);
            totalTimeInSystem += t.EndToEndMs / 1000.0;
        }

        var span = lastDeparture - firstArrival;
        if (!(span > 0))
        {
            throw new ArgumentException(
                $"trace must span a positive time (first arrival to last departure); got {Guard.Show(span)} s", nameof(trace));
        }

        var ok = trace.Where(t => t.Status == RequestStatus.Ok).ToArray();
        var ttft = Percentiles(ok.Select(t => t.TtftMs));
        var tpot = Percentiles(ok.Where(t => t.OutputTokens > 1).Select(t => t.TpotMs));
        var e2e = Percentiles(ok.Select(t => t.EndToEndMs));
        var queue = Percentiles(ok.Select(t => t.QueueMs));

        return new TraceSummary(
            trace.Count, completed, timedOut, rejected, fallback,
            ttft, tpot, e2e, queue,
            span,
            completed / span,
            outputTokens / span,
            trace.Count / span,
            totalTimeInSystem / trace.Count,
            MeanConcurrency(trace, firstArrival, lastDeparture),
            Slowest(ok, slowestFraction),
            trace.Sum(t => (long)t.Preemptions),
            PrefixHitRate(ok));
    }

    /// <summary>Σ cached tokens / Σ prompt tokens over the requests that record cached tokens (<see cref="RequestTrace.CachedTokens"/> not null); 0 when none do.</summary>
    private static double PrefixHitRate(RequestTrace[] ok)
    {
        long cached = 0, prompt = 0;
        foreach (var t in ok)
        {
            if (t.CachedTokens is int c)
            {
                cached += c;
                prompt += t.PromptTokens;
            }
        }

        return prompt == 0 ? 0 : (double)cached / prompt;
    }

    /// <summary>
    /// The time-average number of requests in the system over [fromSeconds, toSeconds]:
    /// L = (1/(t₁ − t₀)) ∫ N(t) dt, where N(t) counts requests with arrival ≤ t &lt; departure.
    /// Computed by sweeping the sorted arrival and departure times.
    /// </summary>
    /// <param name="trace">The requests; any order.</param>
    /// <param name="fromSeconds">Window start t₀, seconds.</param>
    /// <param name="toSeconds">Window end t₁, seconds. Range: t₁ &gt; t₀.</param>
    /// <returns>Mean number in system over the window (requests).</returns>
    public static double MeanConcurrency(IReadOnlyList<RequestTrace> trace, double fromSeconds, double toSeconds)
    {
        LibraryCalls.Record(typeof(Tracing));
        Guard.NotNull(trace, nameof(trace));
        if (!(toSeconds > fromSeconds) || double.IsInfinity(toSeconds) || double.IsInfinity(fromSeconds))
        {
            throw new ArgumentOutOfRangeException(nameof(toSeconds),
                $"toSeconds must be a finite time after fromSeconds ({Guard.Show(fromSeconds)} s); got {Guard.Show(toSeconds)}");
        }

        var arrivals = new double[trace.Count];
        var departures = new double[trace.Count];
        for (var i = 0; i < trace.Count; i++)
        {
            arrivals[i] = trace[i].ArrivalSeconds;
            departures[i] = trace[i].DepartureSeconds;
        }

        Array.Sort(arrivals);
        Array.Sort(departures);
        double area = 0, previous = fromSeconds;
        int inSystem = 0, a = 0, d = 0;
        while (a < arrivals.Length || d < departures.Length)
        {
            // Departures first at equal times, so a zero-length stay adds no area.
            var isArrival = d >= departures.Length || (a < arrivals.Length && arrivals[a] < departures[d]);
            var time = isArrival ? arrivals[a] : departures[d];
            if (time > toSeconds)
            {
                break;
            }

            if (time > previous)
            {
                area += inSystem * (time - previous);
                previous = time;
            }

            if (isArrival)
            {
                inSystem++;
                a++;
            }
            else
            {
                inSystem--;
                d++;
            }
        }

        if (toSeconds > previous)
        {
            area += inSystem * (toSeconds - previous);
        }

        return area / (toSeconds - fromSeconds);
    }

    private static LatencyPercentiles Percentiles(IEnumerable<double> values)
    {
        var sorted = values.ToArray();
        if (sorted.Length == 0)
        {
            return new LatencyPercentiles(double.NaN, double.NaN, double.NaN, double.NaN, 0);
        }

        Array.Sort(sorted);
        return new LatencyPercentiles(
            SortedArrayStatistics.QuantileCustom(sorted, 0.50, QuantileDefinition.R7),
            SortedArrayStatistics.QuantileCustom(sorted, 0.90, QuantileDefinition.R7),
            SortedArrayStatistics.QuantileCustom(sorted, 0.99, QuantileDefinition.R7),
            sorted.Average(),
            sorted.Length);
    }

    /// <summary>
    /// The p-th percentile of some values as this workbook (and numpy's default) computes it, Hyndman–Fan type 7:
    /// sort the n values x₁ ≤ … ≤ xₙ, h = (n − 1)·p + 1, Q = x⌊h⌋ + (h − ⌊h⌋)·(x⌊h⌋+1 − x⌊h⌋) (Q = xₙ when p = 1).
    /// MathNet.Numerics <c>QuantileDefinition.R7</c>.
    /// </summary>
    /// <param name="values">The values, any order. Range: at least one, all finite.</param>
    /// <param name="percentile">The percentile as a fraction (p), 0.99 for p99. Range: 0 ≤ p ≤ 1.</param>
    /// <returns>The percentile, in the values' unit.</returns>
    /// <example><c>Percentile([10, 20, 30, 40], 0.5)</c> is 25; <c>Percentile([10, 20, 30, 40], 0.99)</c> is 39.7.</example>
    public static double Percentile(IReadOnlyList<double> values, double percentile)
    {
        LibraryCalls.Record(typeof(Tracing));
        Guard.FiniteList(values, nameof(values), "values");
        Guard.Fraction(percentile, nameof(percentile), "percentile as a fraction, 0.99 for p99");
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return SortedArrayStatistics.QuantileCustom(sorted, percentile, QuantileDefinition.R7);
    }

    /// <summary>
    /// Where the slowest requests spent their time: the ⌈n·f⌉ requests with the longest e2e (at least one; on equal e2e the
    /// earlier in the list), and over them the mean of queue / e2e, prefill / e2e and decode / e2e (requests with e2e 0 are
    /// left out of the means). n·f is computed as written: 7 % of 100 requests is 7, not 8.
    /// </summary>
    /// <param name="requests">The requests to choose from, usually the completed ones; any order.</param>
    /// <param name="fraction">Which slowest share (f), e.g. 0.01 for the slowest 1 %. Range: 0 &lt; f ≤ 1.</param>
    /// <returns>How many requests, their mean shares and their mean e2e; NaN shares when <paramref name="requests"/> is empty.</returns>
    public static TimeShares Slowest(IReadOnlyList<RequestTrace> requests, double fraction = 0.01)
    {
        LibraryCalls.Record(typeof(Tracing));
        Guard.NotNull(requests, nameof(requests));
        Guard.FractionUpToOne(fraction, nameof(fraction), "share of the requests");
        if (requests.Count == 0)
        {
            return new TimeShares(0, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        var count = (int)System.Numerics.BigInteger.Max(1, ExactRatio.CeilingProduct(requests.Count, fraction));
        var slowest = requests.OrderByDescending(t => t.EndToEndMs).Take(count).ToArray();
        double queue = 0, prefill = 0, decode = 0;
        var withTime = 0;
        foreach (var t in slowest)
        {
            if (t.EndToEndMs > 0)
            {
                queue += t.QueueMs / t.EndToEndMs;
                prefill += t.PrefillMs / t.EndToEndMs;
                decode += t.DecodeMs / t.EndToEndMs;
                withTime++;
            }
        }

        var n = Math.Max(1, withTime);
        return new TimeShares(count, queue / n, prefill / n, decode / n, slowest.Average(t => t.EndToEndMs));
    }
}
