using ServingMath;

namespace ServingNotebooks.Exercises.Spec;

/// <summary>Exercise 14: Measuring serving — histogram_quantile by hand, the fleet's p99 over a window, coordinated omission.</summary>
public static class Exercise14
{
    /// <summary>Part (a)'s scrape: bounds and cumulative counts of one replica's <c>vllm:time_to_first_token_seconds</c>.</summary>
    internal static readonly double[] ReplicaTtftCounts =
        [0, 0, 0, 0, 0, 12, 210, 655, 1930, 2290, 2356, 2381, 2400, 2400, 2400, 2400, 2400, 2400, 2400, 2400, 2400, 2400, 2400];

    /// <summary>Part (b)'s bucket bounds, seconds: a shorter list than vLLM's, for reading.</summary>
    internal static readonly double[] FleetBounds = [0.1, 0.25, 0.5, 1, 2.5, 5];

    /// <summary>Part (b): four replicas' cumulative counts at the first scrape (replica C restarts before the second).</summary>
    internal static readonly double[][] FleetBefore =
    [
        [8000, 11000, 11500, 11580, 11600, 11600, 11600],
        [7600, 10700, 11300, 11450, 11480, 11480, 11480],
        [9000, 12400, 13000, 13150, 13190, 13195, 13195],
        [2000, 5000, 7000, 8200, 8800, 8920, 8950],
    ];

    /// <summary>Part (b): the same replicas five minutes later.</summary>
    internal static readonly double[][] FleetAfter =
    [
        [8420, 11570, 12094, 12179, 12200, 12200, 12200],
        [8000, 11260, 11890, 12048, 12080, 12080, 12080],
        [380, 550, 585, 595, 600, 600, 600],
        [2150, 5350, 7470, 8750, 9390, 9518, 9550],
    ];

    /// <summary>The exercise; every expected value is computed by ServingMath.</summary>
    public static Exercise Build() => new()
    {
        Number = 14,
        Notebook = "14-measuring-serving.ipynb",
        Title = "Measuring serving",
        Parts =
        [
            new()
            {
                Name = "a",
                Title = "histogram_quantile by hand",
                AnswerVariable = "replicaP99",
                Kind = AnswerKind.Number,
                FunctionName = "HistogramQuantile",
                Expected = Histograms.Quantile(VllmMetrics.TimeToFirstTokenBucketsSeconds, ReplicaTtftCounts, 0.99),
                VisibleCases =
                [
                    Quantile([0.1, 0.25, 0.5], [60, 90, 98, 100], 0.95),
                    Quantile([0.1, 0.2, 1], [50, 70, 110, 120], 0.8),
                    Quantile([0.1, 0.2], [5, 7, 10], 0.9),
                ],
                Nudge = "Which observation is the q-th of all of them (its rank)? Find the first bucket whose cumulative count reaches it, and place it inside that bucket as if the bucket's observations were spread evenly. What if only +Inf reaches it?",
                Hint = "rank = q·N (N = the +Inf count); first i with Nᵢ ≥ rank; Q = le_{i−1} + (leᵢ − le_{i−1})·(rank − N_{i−1})/(Nᵢ − N_{i−1}) with le₋₁ = N₋₁ = 0; in +Inf: the highest finite bound.",
                OffLimits = ["Histograms.Quantile", "Histograms.FleetQuantile"],
                Tolerance = 1e-9,
                Points = 2,
            },
            new()
            {
                Name = "b",
                Title = "The fleet's p99 over a window",
                AnswerVariable = "fleetP99",
                Kind = AnswerKind.Number,
                FunctionName = "FleetQuantile",
                Expected = Histograms.FleetQuantile(FleetBounds, FleetBefore, FleetAfter, 0.99),
                VisibleCases =
                [
                    Fleet([0.1, 0.5], [[10, 18, 20], [50, 60, 70]], [[30, 48, 60], [5, 9, 10]], 0.5),
                    Fleet([0.1, 0.2], [[0, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0]], [[1, 3, 4], [2, 5, 6], [3, 4, 6], [4, 7, 9]], 0.5),
                ],
                Nudge = "The counters count since each replica started: what did each replica count in the window? What if a counter went down? Then how do four replicas' buckets become one histogram — and only then take the quantile.",
                Hint = "Per replica and bucket Δ = after − before (after, when after < before: a restart); sum Δ over replicas bucket by bucket; then histogram_quantile of the sum — never the mean of four quantiles.",
                OffLimits = ["Histograms.FleetQuantile", "Histograms.Merge", "Histograms.Increase", "Histograms.Quantile"],
                Tolerance = 1e-9,
                Points = 3,
            },
            new()
            {
                Name = "c",
                Title = "Coordinated omission",
                AnswerVariable = "canaryP99",
                Kind = AnswerKind.Number,
                FunctionName = "CorrectedPercentile",
                Expected = CoordinatedOmission.CorrectedPercentile(CanaryLatenciesMs(), 2000, 0.99),
                VisibleCases =
                [
                    Corrected([207, 20], 100, 0.5),
                    Corrected([10, 10, 10, 400], 100, 0.5),
                    Corrected([450, 20, 100], 100, 0.9),
                ],
                Nudge = "While the canary waited for one slow answer, the sends it was due to make every interval did not happen. How long would each of those requests have waited? Add them to the sample, then take the percentile (Tracing.Percentile is allowed).",
                Hint = "For each latency y keep y, and add y − Δ, y − 2Δ, … (Δ the interval) while the value is ≥ Δ (HdrHistogram's recordValueWithExpectedInterval); then Tracing.Percentile of the whole sample.",
                OffLimits = ["CoordinatedOmission.Corrected", "CoordinatedOmission.CorrectedPercentile"],
                Tolerance = 1e-9,
                Points = 3,
            },
            Specs.Choice(
                "q1",
                "A p99 that falls in a bucket",
                "With vLLM's TTFT buckets, histogram_quantile(0.99, …) shows 0.92 s. The SLO is p99 TTFT ≤ 1 s. What does the dashboard tell you?",
                "a",
                "The rank of the 99th-percentile request fell in the bucket (0.75 s, 1 s], so at least 99 % of requests were counted in le=\"1.0\": the SLO holds. The 0.92 itself is an interpolation — the true p99 is anywhere in (0.75, 1] s. Put SLO thresholds on bucket bounds and the check is exact: compare the le=\"1.0\" bucket with 99 % of the count.",
                new("The SLO holds: the p99 lies in (0.75, 1] s, so ≥ 99 % are within 1 s; the 0.92 is only an interpolation."),
                new("The p99 is 0.92 s, give or take rounding.", "0.92 s was never measured: ask what histogram_quantile knows about the requests inside one bucket, and what it only assumes about them."),
                new("Nothing: the estimate can be off by whole buckets, so the p99 may be above 1 s.", "The rank is located exactly (cumulative counts are exact); only the position inside that one bucket is estimated. It cannot be above the bucket's upper bound, 1 s.")),
            Specs.Choice(
                "q2",
                "Which load test measures the SLO",
                "Real chat traffic arrives at about 20 requests/s from many independent users. Which vllm bench serve run tells you the p99 TTFT those users will see?",
                "a",
                "Users arrive whether or not the server is slow: an open-loop generator at the real rate (--request-rate 20, Poisson, no concurrency cap) reproduces that, queueing included. A closed loop (--request-rate inf --max-concurrency N) sends only when an answer returns, so it never builds the queue a burst builds; and with a cap, the time a request waits for a client slot is left out of the reported TTFT (coordinated omission).",
                new("--request-rate 20 with no --max-concurrency: open loop, Poisson, at the real rate."),
                new("--request-rate inf --max-concurrency 32: keep 32 in flight, the realistic load.", "A closed loop slows down with the server: it measures the latency of its own N users at whatever rate they reach, not of 20 requests/s arriving independently."),
                new("--request-rate 20 --max-concurrency 8: the rate plus a safety cap.", "When 8 are in flight, the next request waits at the client — and the benchmark starts its clock only when it is sent, so that wait never shows in the reported TTFT.")),
        ],
        Predictions = [new("predictedUserP99TtftMs", "the p99 TTFT the users would have seen (from when each request fell due) in the capped load test, ms") { Unit = "ms", Reason = "The benchmark starts its clock when a request gets a client slot; with the cap full, requests wait at the client first. That wait is real for a user, invisible in the report, and grows without bound once the rate exceeds what the capped slots can carry." }],
    };

    /// <summary>Part (c)'s canary: 200 answers every 2 s, ms; answer 120 met a 21 s stall.</summary>
    internal static double[] CanaryLatenciesMs()
    {
        var latencies = new double[200];
        for (var i = 0; i < latencies.Length; i++)
        {
            latencies[i] = 900 + (i * 37 % 500);
        }

        latencies[120] = 21_000;
        return latencies;
    }

    internal static PartCase Quantile(double[] bounds, double[] counts, double q) =>
        PartCase.Of(Histograms.Quantile(bounds, counts, q), bounds, counts, q);

    internal static PartCase Fleet(double[] bounds, double[][] before, double[][] after, double q) =>
        PartCase.Of(Histograms.FleetQuantile(bounds, before, after, q), bounds, before, after, q);

    internal static PartCase Corrected(double[] latencies, double interval, double q) =>
        PartCase.Of(CoordinatedOmission.CorrectedPercentile(latencies, interval, q), latencies, interval, q);
}
