namespace ServingMath.Tests;

/// <summary>
/// Histograms against Prometheus's own test data (promql/promqltest/testdata/histograms.test, the classic
/// <c>_bucket</c> series evaluated at 50m, where each counter has risen 10 times its step) and hand computations.
/// </summary>
public class HistogramsTests
{
    // testhistogram{start="positive"}: le 0.1, 0.2, 1, +Inf with counters 0+5x10, 0+7x10, 0+11x10, 0+12x10 → at 50m 50, 70, 110, 120.
    private static readonly double[] PositiveBounds = [0.1, 0.2, 1];
    private static readonly double[] PositiveCounts = [50, 70, 110, 120];

    [Theory]
    [InlineData(0.2, 0.048)] // rank 24 in (0, 0.1]: 0.1 · 24/50
    [InlineData(0.5, 0.15)] // rank 60 in (0.1, 0.2]: 0.1 + 0.1 · 10/20
    [InlineData(0.8, 0.72)] // rank 96 in (0.2, 1]: 0.2 + 0.8 · 26/40
    [InlineData(1.0, 1.0)] // rank 120 reaches only +Inf: the highest finite bound
    public void Quantile_matches_prometheus_test_data_for_a_positive_histogram(double q, double expected)
    {
        Assert.Equal(expected, Histograms.Quantile(PositiveBounds, PositiveCounts, q), 12);
    }

    [Theory]
    [InlineData(0.2, -0.2)] // lowest bucket with a bound ≤ 0: its bound, no interpolation from 0
    [InlineData(0.5, -0.15)] // rank 15 in (−0.2, −0.1]: −0.2 + 0.1 · 5/10
    [InlineData(0.8, 0.3)] // rank 24 is past the 20 of le="0.3": +Inf → 0.3
    public void Quantile_matches_prometheus_test_data_for_a_histogram_that_starts_below_zero(double q, double expected)
    {
        // testhistogram{start="negative"}: le −0.2, −0.1, 0.3, +Inf; counters 0+1x10, 0+2x10, 0+2x10, 0+3x10 → 10, 20, 20, 30.
        Assert.Equal(expected, Histograms.Quantile([-0.2, -0.1, 0.3], [10, 20, 20, 30], q), 12);
    }

    [Theory]
    [InlineData(1.0 / 6, 1.0)]
    [InlineData(0.5, 3.0)]
    [InlineData(5.0 / 6, 5.0)]
    public void Quantile_lands_in_the_middle_of_a_bucket_as_in_prometheus_test_data(double q, double expected)
    {
        // testhistogram2: le 0, 2, 4, 6, +Inf with 0, 1, 2, 3, 3 (at 7m): "q(1/6), q(1/2), and q(5/6) are each in the middle of a bucket".
        Assert.Equal(expected, Histograms.Quantile([0, 2, 4, 6], [0, 1, 2, 3, 3], q), 12);
    }

    [Fact]
    public void Quantile_by_hand_on_ttft_like_buckets()
    {
        // 100 requests: 60 ≤ 0.1 s, 90 ≤ 0.25 s, 98 ≤ 0.5 s. p95: rank 95, in (0.25, 0.5] which holds 8, 5 of them in:
        // 0.25 + 0.25 · 5/8 = 0.40625 (exact in binary).
        Assert.Equal(0.40625, Histograms.Quantile([0.1, 0.25, 0.5], [60, 90, 98, 100], 0.95));
    }

    [Fact]
    public void Quantile_of_notebook_14s_worked_example()
    {
        // Notebook 14's lesson: bounds 0.2, 0.4, 0.8 with 30, 70, 95, 100; p90 rank 90 in (0.4, 0.8] (25 requests, the 20th):
        // 0.4 + 0.4 · 20/25 = 0.72.
        Assert.Equal(0.72, Histograms.Quantile([0.2, 0.4, 0.8], [30, 70, 95, 100], 0.9), 12);
    }

    [Fact]
    public void Quantile_of_an_empty_histogram_is_NaN_as_in_prometheus()
    {
        Assert.True(double.IsNaN(Histograms.Quantile([0.1, 0.2], [0, 0, 0], 0.99)));
    }

    [Fact]
    public void Merge_then_quantile_matches_prometheus_sum_by_le()
    {
        // request_duration_seconds_bucket, four job/instance series, le 0.1, 0.2, +Inf; counters per 5m step:
        // (1, 3, 4), (2, 5, 6), (3, 4, 6), (4, 7, 9). Summed: (10, 19, 25). histogram_quantile(0.3, sum by (le)) = 0.075,
        // (0.5, …) = 0.1277777777777778: rank 12.5 in (0.1, 0.2], 0.1 + 0.1 · 2.5/9.
        var fleet = Histograms.Merge([[1, 3, 4], [2, 5, 6], [3, 4, 6], [4, 7, 9]]);
        Assert.Equal([10, 19, 25], fleet);
        Assert.Equal(0.075, Histograms.Quantile([0.1, 0.2], fleet, 0.3), 12);
        Assert.Equal(0.1277777777777778, Histograms.Quantile([0.1, 0.2], fleet, 0.5), 12);
    }

    [Fact]
    public void Merged_quantile_is_not_the_mean_of_the_replicas_quantiles()
    {
        // Prometheus test data by job: job1 = (1,3,4)+(2,5,6) = (3, 8, 10), median 0.14; job2 = (3,4,6)+(4,7,9) = (7, 11, 15),
        // median 0.1125. Their mean, 0.12625, is not the median of all (0.1277…).
        var job1 = Histograms.Quantile([0.1, 0.2], Histograms.Merge([[1, 3, 4], [2, 5, 6]]), 0.5);
        var job2 = Histograms.Quantile([0.1, 0.2], Histograms.Merge([[3, 4, 6], [4, 7, 9]]), 0.5);
        Assert.Equal(0.14, job1, 12);
        Assert.Equal(0.1125, job2, 12);
        Assert.NotEqual(0.1277777777777778, (job1 + job2) / 2, 6);
    }

    [Fact]
    public void Increase_subtracts_and_treats_a_drop_as_a_restart()
    {
        Assert.Equal([2, 4, 5], Histograms.Increase([5, 8, 10], [7, 12, 15]));
        Assert.Equal([1, 2, 2], Histograms.Increase([5, 8, 10], [1, 2, 2]));
    }

    [Fact]
    public void FleetQuantile_is_increase_then_sum_then_quantile()
    {
        // Two replicas, le 0.1, 0.5, +Inf. Replica 0: (10, 18, 20) → (30, 48, 60): window (20, 30, 40). Replica 1 restarted:
        // (50, 60, 70) → (5, 9, 10): window (5, 9, 10). Fleet (25, 39, 50); p50: rank 25 → exactly le 0.1 → 0.1 · 25/25 = 0.1;
        // p90: rank 45 past 39 → +Inf → 0.5.
        double[][] before = [[10, 18, 20], [50, 60, 70]];
        double[][] after = [[30, 48, 60], [5, 9, 10]];
        Assert.Equal(0.1, Histograms.FleetQuantile([0.1, 0.5], before, after, 0.5), 12);
        Assert.Equal(0.5, Histograms.FleetQuantile([0.1, 0.5], before, after, 0.9), 12);
    }

    [Fact]
    public void Cumulative_counts_an_observation_on_a_bound_in_that_bucket()
    {
        Assert.Equal([2, 3, 4], Histograms.Cumulative([0.1, 0.5], [0.05, 0.1, 0.3, 2]));
    }

    [Fact]
    public void Bad_histograms_are_refused_with_what_is_wrong()
    {
        var lengths = Assert.Throws<ArgumentException>(() => Histograms.Quantile([0.1, 0.2], [1, 2], 0.5));
        Assert.Contains("+Inf", lengths.Message, StringComparison.Ordinal);
        var decreasing = Assert.Throws<ArgumentException>(() => Histograms.Quantile([0.1, 0.2], [5, 3, 6], 0.5));
        Assert.Contains("cumulative", decreasing.Message, StringComparison.Ordinal);
        var bounds = Assert.Throws<ArgumentException>(() => Histograms.Quantile([0.2, 0.1], [1, 2, 3], 0.5));
        Assert.Contains("increase", bounds.Message, StringComparison.Ordinal);
        var q = Assert.Throws<ArgumentOutOfRangeException>(() => Histograms.Quantile([0.1], [1, 2], 99));
        Assert.Contains("0.99", q.Message, StringComparison.Ordinal);
        var replicas = Assert.Throws<ArgumentException>(() => Histograms.Merge([[1, 2], [1, 2, 3]]));
        Assert.Contains("same bucket bounds", replicas.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Vllm_ttft_buckets_are_the_22_bounds_of_vllm_v1()
    {
        // vllm/v1/metrics/loggers.py: 0.001 … 0.1 (8 bounds), 0.25 … 10 (8), 20, 40, 80, 160, 640, 2560.
        Assert.Equal(22, VllmMetrics.TimeToFirstTokenBucketsSeconds.Count);
        Assert.Equal(0.001, VllmMetrics.TimeToFirstTokenBucketsSeconds[0]);
        Assert.Equal(2560, VllmMetrics.TimeToFirstTokenBucketsSeconds[^1]);
        Assert.Equal([0.1, 0.25, 0.5, 0.75, 1.0], VllmMetrics.TimeToFirstTokenBucketsSeconds.Skip(7).Take(5));
    }
}
