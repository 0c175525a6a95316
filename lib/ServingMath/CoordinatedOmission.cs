namespace ServingMath;

/// <summary>
/// Coordinated omission (Gil Tene's name for it): a load generator that waits for each response before it sends the next
/// request stops sending exactly while the server is slow, so the requests that would have met the stall are never sent
/// and never measured. Its percentiles describe the generator's own, politely spaced requests, not the traffic a real,
/// open stream of users would have sent. HdrHistogram's correction puts the missing requests back.
/// </summary>
/// <remarks>
/// Source: G. Tene, "How NOT to Measure Latency" (Strange Loop 2015, and earlier talks), and HdrHistogram's
/// <c>recordValueWithExpectedInterval</c> / <c>copyCorrectedForCoordinatedOmission</c> (Java <c>AbstractHistogram</c>;
/// HdrHistogramJS's test "Histogram correcting coordinated omissions": 207 with an interval of 100 records 207 and 107).
/// Latencies and the interval are in one unit (milliseconds in this workbook).
/// </remarks>
public static class CoordinatedOmission
{
    /// <summary>
    /// The latencies a constant-rate tester would have recorded had it not waited: a tester meant to send one request every
    /// Δ, that measured a latency y &gt; Δ, skipped the sends due at Δ, 2Δ, … while it waited; each of those would have
    /// waited y − Δ, y − 2Δ, … . So every y is kept, followed by y − Δ, y − 2Δ, … while the value is still ≥ Δ.
    /// </summary>
    /// <param name="latencies">The measured latencies (y), in the order measured. Range: at least one, finite, ≥ 0.</param>
    /// <param name="expectedInterval">The interval the tester meant to keep between sends (Δ), same unit. Range: Δ &gt; 0.</param>
    /// <returns>The corrected sample: each measured latency followed by the ones it hid.</returns>
    /// <example><c>CoordinatedOmission.Corrected([207, 20], 100)</c> is [207, 107, 20].</example>
    public static double[] Corrected(IReadOnlyList<double> latencies, double expectedInterval)
    {
        LibraryCalls.Record(typeof(CoordinatedOmission));
        Guard.FiniteList(latencies, nameof(latencies), "the measured latencies");
        Guard.Positive(expectedInterval, nameof(expectedInterval), "the interval the tester meant to keep between requests");
        var corrected = new List<double>(latencies.Count);
        for (var i = 0; i < latencies.Count; i++)
        {
            var x = latencies[i];
            Guard.NonNegative(x, $"{nameof(latencies)}[{i}]", "a measured latency");
            corrected.Add(x);
            for (var missing = x - expectedInterval; missing >= expectedInterval; missing -= expectedInterval)
            {
                corrected.Add(missing);
            }
        }

        return [.. corrected];
    }

    /// <summary>
    /// The p-th percentile a constant-rate tester should report: the workbook's percentile (<see cref="Tracing.Percentile"/>,
    /// Hyndman–Fan type 7) of the <see cref="Corrected"/> sample.
    /// </summary>
    /// <param name="latencies">The measured latencies (y). Range: at least one, finite, ≥ 0.</param>
    /// <param name="expectedInterval">The intended interval between sends (Δ), same unit. Range: Δ &gt; 0.</param>
    /// <param name="percentile">The percentile as a fraction (p), 0.99 for the p99. Range: 0 ≤ p ≤ 1.</param>
    /// <returns>The corrected percentile, in the latencies' unit.</returns>
    /// <example><c>CoordinatedOmission.CorrectedPercentile([10, 10, 10, 400], 100, 0.5)</c>: corrected [10, 10, 10, 400, 300, 200, 100], median 100.</example>
    public static double CorrectedPercentile(IReadOnlyList<double> latencies, double expectedInterval, double percentile)
    {
        LibraryCalls.Record(typeof(CoordinatedOmission));
        var corrected = Corrected(latencies, expectedInterval);
        return Tracing.Percentile(corrected, percentile);
    }
}
