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


    // RooflineCrossoverBatch: references in exact integer arithmetic (every input below is a whole number of bytes,
    // parameters, bytes/s or FLOP/s), B = ⌊W·F / (2·P·BW − T·k·F)⌋ + 1, or none when the denominator is ≤ 0.
    private static int? CrossoverByHand(long w, long p, long k, int t, long bw, long f)
    {
        var headroom = (2 * (System.Numerics.BigInteger)p * bw) - ((System.Numerics.BigInteger)t * k * f);
        return headroom <= 0 ? null : (int)((System.Numerics.BigInteger)w * f / headroom) + 1;
    }

    [Theory]
    [InlineData(0, 259)]        // W = 2P (bf16), so W·F / (2P·BW) = F / BW = 780 / 3.021 = 258.19 → 259
    [InlineData(256, 561)]      // 1.2527e25 / 2.2346e22 = 560.59 → 561
    [InlineData(474, 212_692)]  // just below the crossover context 2P·BW / (k·F) = 474.6 tokens: an enormous batch
    [InlineData(475, null)]     // past it: every sequence adds more bytes than FLOPs, never compute-bound
    [InlineData(512, null)]     // notebook 6's context
    public void RooflineCrossoverBatch_for_Llama3_8B_on_the_measured_H100(int context, int? expected)
    {
        Assert.Equal(expected, CrossoverByHand(16_060_522_496, 8_030_261_248, 131_072, context, 3_021_000_000_000, 780_000_000_000_000));
        Assert.Equal(expected, Batching.RooflineCrossoverBatch(KvCache.Llama3_8B, context, 3.021e12, 780e12));
    }

    [Fact]
    public void RooflineCrossoverBatch_for_Llama3_70B_at_128_tokens_is_280()
    {
        // W·F = 141 107 412 992 × 780e12 = 1.1006e26; 2P·BW − T·k·F = 4.2629e23 − 128 × 327 680 × 780e12 = 3.9357e23 → 279.65 → 280.
        Assert.Equal(280, CrossoverByHand(141_107_412_992, 70_553_706_496, 327_680, 128, 3_021_000_000_000, 780_000_000_000_000));
        Assert.Equal(280, Batching.RooflineCrossoverBatch(KvCache.Llama3_70B, 128, 3.021e12, 780e12));
    }

    [Fact]
    public void RooflineCrossoverBatch_agrees_with_RooflineStep_on_either_side_of_the_crossover()
    {
        var b = Batching.RooflineCrossoverBatch(KvCache.Llama3_8B, 256, 3.021e12, 780e12)!.Value;
        Assert.True(Batching.RooflineStep(KvCache.Llama3_8B, b - 1, 256, 3.021e12, 780e12).IsMemoryBound);
        Assert.False(Batching.RooflineStep(KvCache.Llama3_8B, b, 256, 3.021e12, 780e12).IsMemoryBound);
    }

    [Fact]
    public void RooflineCrossoverBatch_counts_an_exact_tie_as_memory_bound_and_a_zero_headroom_as_never()
    {
        // 0.3 × 0.1 / (2 × 0.05 × 0.1) = 0.03 / 0.01 = 3 exactly: at B = 3 both bounds are equal (memory-bound), so 4.
        // In binary floating point the quotient is 2.9999999999999996 and ⌊q⌋ + 1 would give 3.
        Assert.Equal(4, Batching.RooflineCrossoverBatch(0.3, 0.05, 0, 0, 0.1, 0.1));
        // 2 × 1e9 × 1e12 = 1000 × 1e6 × 2e12 = 2e21: no headroom at all, never compute-bound.
        Assert.Null(Batching.RooflineCrossoverBatch(1e9, 1e9, 1e6, 1000, 1e12, 2e12));
    }

    [Fact]
    public void RooflineCrossoverBatch_rejects_bad_inputs_by_name()
    {
        Assert.Contains("weightBytes", Assert.ThrowsAny<ArgumentException>(() => Batching.RooflineCrossoverBatch(0, 1, 1, 1, 1, 1)).Message, StringComparison.Ordinal);
        Assert.Contains("contextTokens", Assert.ThrowsAny<ArgumentException>(() => Batching.RooflineCrossoverBatch(1, 1, 1, -1, 1, 1)).Message, StringComparison.Ordinal);
        Assert.Contains("peakFlopsPerSecond", Assert.ThrowsAny<ArgumentException>(() => Batching.RooflineCrossoverBatch(1, 1, 1, 1, 1, double.NaN)).Message, StringComparison.Ordinal);
    }
}
