using System.Globalization;

namespace ServingMath.Tests;

public class BatchingTests
{
    [Fact]
    public void BestBatchIndex_seed_exercise_is_1()
    {
        // Latency ≤ 500 leaves indices 0 and 1; index 1 has the higher throughput (180).
        Assert.Equal(1, Batching.BestBatchIndex([100, 180, 240], [200, 450, 900], 500));
    }

    [Fact]
    public void BestBatchIndex_is_null_when_nothing_meets_the_limit()
    {
        Assert.Null(Batching.BestBatchIndex([100, 180, 240], [200, 450, 900], 150));
    }

    [Fact]
    public void BestBatchIndex_includes_a_latency_exactly_at_the_limit_and_breaks_ties_by_latency()
    {
        Assert.Equal(2, Batching.BestBatchIndex([100, 180, 240], [200, 450, 900], 900));
        Assert.Equal(1, Batching.BestBatchIndex([180, 180], [450, 300], 500));
    }

    [Fact]
    public void BestBatch_on_measured_H100_data_under_a_10ms_TPOT_limit_is_batch_64()
    {
        // decode_by_batch.csv, 512-token context: TPOT 9.043 ms at batch 64, 11.08 ms at 128.
        var rows = Measured("decode_by_batch.csv").Where(r => r[1] == 512).ToList();
        var best = Batching.BestBatchIndex([.. rows.Select(r => r[3])], [.. rows.Select(r => r[2])], 10.0);
        Assert.Equal(64, rows[best!.Value][0]);
    }

    [Fact]
    public void ParetoFront_drops_dominated_options()
    {
        // Option 2 (150 at 500) is beaten by option 1 (180 at 450) on both counts.
        Assert.Equal([0, 1, 3], Batching.ParetoFront([100, 180, 150, 240], [200, 450, 500, 900]));
    }

    [Fact]
    public void Roofline_matches_the_measurement_scripts_roofline_column()
    {
        // roofline_tpot_ms in decode_by_batch.csv was computed by measure.py, independently, as
        // max(bytes / 3.021 TB/s, FLOPs / 780 TFLOP/s); tolerance 0.5 % (the CSV rounds to 3 decimals).
        foreach (var r in Measured("decode_by_batch.csv"))
        {
            var step = Batching.RooflineStep(KvCache.Llama3_8B, (int)r[0], (int)r[1], 3.021e12, 780e12);
            Assert.Equal(r[6], step.StepMs, r[6] * 0.005);
            Assert.True(r[2] >= step.StepMs, $"a measured step ({r[2]} ms) cannot beat the roofline ({step.StepMs} ms)");
            Assert.True(step.IsMemoryBound);
        }
    }

    [Fact]
    public void TokensPerSecond_is_batch_over_step_time()
    {
        // Batch 256, 15.6515 ms per step → 16 356 tok/s (the CSV says 16 356.2).
        Assert.Equal(16_356.2, Batching.TokensPerSecond(256, 15.6515), 0);
    }

    [Fact]
    public void Bad_inputs_name_the_parameter()
    {
        QueueingTests.AssertBad("latency", () => Batching.BestBatchIndex([1, 2], [1], 5));
        QueueingTests.AssertBad("throughput", () => Batching.BestBatchIndex([], [], 5));
        QueueingTests.AssertBad("throughput", () => Batching.BestBatchIndex(null!, [1], 5));
        QueueingTests.AssertBad("latency", () => Batching.BestBatchIndex([1], [double.NaN], 5));
        QueueingTests.AssertBad("latencyLimit", () => Batching.BestBatchIndex([1], [1], double.NaN));
        QueueingTests.AssertBad("latency", () => Batching.ParetoFront([1, 2], [1]));
        QueueingTests.AssertBad("model", () => Batching.RooflineStep(null!, 1, 1, 1, 1));
        QueueingTests.AssertBad("batchSize", () => Batching.RooflineStep(KvCache.Llama3_8B, 0, 1, 1, 1));
        QueueingTests.AssertBad("contextTokens", () => Batching.RooflineStep(KvCache.Llama3_8B, 1, -1, 1, 1));
        QueueingTests.AssertBad("bandwidthBytesPerSecond", () => Batching.RooflineStep(KvCache.Llama3_8B, 1, 1, 0, 1));
        QueueingTests.AssertBad("peakFlopsPerSecond", () => Batching.RooflineStep(KvCache.Llama3_8B, 1, 1, 1, -1));
        QueueingTests.AssertBad("stepMs", () => Batching.TokensPerSecond(1, 0));
        QueueingTests.AssertBad("batchSize", () => Batching.TokensPerSecond(0, 1));
    }

    internal static IEnumerable<double[]> Measured(string file) =>
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "data", file)).Skip(1)
            .Select(l => l.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray());
}
