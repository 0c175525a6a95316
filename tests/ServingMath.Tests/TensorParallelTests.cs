using System.Globalization;

namespace ServingMath.Tests;

public class TensorParallelTests
{
    // A toy model with round numbers, so every expected value below is a hand computation:
    // 10 layers, 8 KV heads, head dim 100, bf16 KV (2 bytes), 10⁹ parameters; hidden 1 000; BW 10¹² B/s; F 10¹⁴ FLOP/s;
    // h 1 ms; all-reduce bus bandwidth 10¹¹ B/s and α 10 µs; 100 GB usable per GPU.
    private static readonly TensorParallelConfig Toy = new(new ModelShape("toy", 10, 8, 100, 2, 1_000_000_000), 1000, 1e12, 1e14, 1, 1e11, 1e-5, 100);

    [Theory]
    [InlineData(1, 327_680)]   // 2 × 80 × 8 × 128 × 2 = 320 KiB, the measured figure in notebooks/data/kv_bytes_per_token.csv
    [InlineData(2, 163_840)]   // 2 × 80 × 4 × 128 × 2
    [InlineData(4, 81_920)]    // 2 × 80 × 2 × 128 × 2
    [InlineData(8, 40_960)]    // 2 × 80 × 1 × 128 × 2
    [InlineData(16, 40_960)]   // past 8 GPUs the 8 KV heads are copied, not split: still one head per GPU
    public void Llama_3_70B_KV_bytes_per_token_per_GPU(int degree, long expected)
    {
        Assert.Equal(expected, TensorParallel.KvBytesPerTokenPerGpu(KvCache.Llama3_70B, degree));
    }

    [Fact]
    public void Llama_3_70B_KV_per_token_on_one_GPU_is_the_measured_cache_size()
    {
        var row = File.ReadLines(MeasurementsTests.Data("kv_bytes_per_token.csv")).Single(l => l.StartsWith("llama-3-70b,", StringComparison.Ordinal));
        var measuredBytesPerToken = long.Parse(row.Split(',')[6], CultureInfo.InvariantCulture) / 600;   // measured_cache_bytes / 600 tokens
        Assert.Equal(measuredBytesPerToken, TensorParallel.KvBytesPerTokenPerGpu(KvCache.Llama3_70B, 1));
    }

    [Fact]
    public void A_degree_that_splits_the_KV_heads_unevenly_is_refused_by_name()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => TensorParallel.KvBytesPerTokenPerGpu(KvCache.Llama3_70B, 3));
        Assert.Equal("degree", e.ParamName);
        Assert.Contains("8 KV heads", e.Message, StringComparison.Ordinal);
        Assert.Contains("got 3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ring_all_reduce_moves_two_times_n_minus_one_over_n_of_the_message()
    {
        Assert.Equal(0, TensorParallel.AllReduceMs(1e6, 1, 1e9, 1e-5));                      // one GPU: nothing to sum
        Assert.Equal(1.0, TensorParallel.AllReduceMs(1e6, 2, 1e9, 0), 12);                  // 2·1/2 × 10⁶ B / 10⁹ B/s = 1 ms
        Assert.Equal(1.75, TensorParallel.AllReduceMs(1e6, 8, 1e9, 0), 12);                 // 2·7/8 = 1.75 ms
        // 8 GPUs, 1 MiB, 370 GB/s, 6 µs: 6e-6 + 1.75 × 1 048 576 / 370e9 = 6e-6 + 4.95948…e-6 s = 0.0109595 ms
        Assert.Equal(0.006 + (1_835_008 / 370e9 * 1000), TensorParallel.AllReduceMs(1_048_576, 8, 370e9, 6e-6), 15);
        Assert.Equal(0.0109595, TensorParallel.AllReduceMs(1_048_576, 8, 370e9, 6e-6), 7);
    }

    [Fact]
    public void Smallest_degree_that_fits_searches_in_order()
    {
        // 141.1 GB of bf16 weights + 32 × 2.684 GB = 226.988 GB: /1 and /2 (113.494) exceed 76.54, /4 = 56.747 fits.
        Assert.Equal(4, TensorParallel.SmallestDegreeThatFits(141.1, 2.684, 32, 76.54, [1, 2, 4, 8]));
        // fp8 weights, 16 requests: 70.55 + 42.944 = 113.494 → /2 = 56.747 fits.
        Assert.Equal(2, TensorParallel.SmallestDegreeThatFits(70.55, 2.684, 16, 76.54, [1, 2, 4, 8]));
        // exactly full fits: (100 + 0) / 2 = 50 ≤ 50.
        Assert.Equal(2, TensorParallel.SmallestDegreeThatFits(100, 1, 0, 50, [1, 2, 4]));
        // 141.1 + 256 × 2.684 = 828.2 GB; / 8 = 103.5 GB > 76.54: nothing fits.
        Assert.Null(TensorParallel.SmallestDegreeThatFits(141.1, 2.684, 256, 76.54, [1, 2, 4, 8]));
    }

    [Fact]
    public void Degrees_must_be_given_smallest_first()
    {
        var e = Assert.Throws<ArgumentException>(() => TensorParallel.SmallestDegreeThatFits(141.1, 2.684, 32, 76.54, [4, 2]));
        Assert.Equal("degrees", e.ParamName);
        Assert.Contains("got 4 then 2", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => TensorParallel.SmallestDegreeThatFits(141.1, 2.684, 32, 76.54, []));
    }

    [Fact]
    public void Memory_bound_decode_step_by_hand()
    {
        // t = 2, b = 10, C = 1 000, bf16 weights:
        // weights 10⁹ × 2 / 2 / 10¹² = 1 ms; KV per token per GPU 2 × 10 × 4 × 100 × 2 = 16 000 B, × 10 × 1 000 / 10¹² = 0.16 ms;
        // compute 2 × 10⁹ × 10 / 2 / 10¹⁴ = 0.1 ms; all-reduce of 10 × 1 000 × 2 = 20 000 B: 10 µs + 1 × 20 000 / 10¹¹ s = 0.0102 ms,
        // 2 × 10 layers of them = 0.204 ms. Step = 1 + max(1.16, 0.1) + 0.204 = 2.364 ms.
        var step = TensorParallel.DecodeStep(Toy, 2, 10, 1000, 2);
        Assert.Equal(1.0, step.WeightsMs, 12);
        Assert.Equal(0.16, step.KvMs, 12);
        Assert.Equal(0.1, step.ComputeMs, 12);
        Assert.Equal(0.204, step.AllReduceMs, 12);
        Assert.True(step.MemoryBound);
        Assert.Equal(2.364, step.StepMs, 12);
        Assert.Equal(10 * 1000 / 2.364, step.TokensPerSecond, 9);
    }

    [Fact]
    public void Compute_bound_decode_step_by_hand()
    {
        // t = 2, b = 1 000, no context: weights 1 ms; compute 2 × 10⁹ × 1 000 / 2 / 10¹⁴ = 10 ms;
        // all-reduce of 2 × 10⁶ B: 10 µs + 2 × 10⁶ / 10¹¹ s = 30 µs, × 20 = 0.6 ms. Step = 1 + 10 + 0.6 = 11.6 ms.
        var step = TensorParallel.DecodeStep(Toy, 2, 1000, 0, 2);
        Assert.False(step.MemoryBound);
        Assert.Equal(11.6, step.StepMs, 12);
    }

    [Fact]
    public void Fp8_weights_halve_the_weight_read()
    {
        // Llama-3-70B on 8 GPUs: 70 553 706 496 × 2 / 8 B = 17.638 GB of bf16 per GPU; fp8 reads half.
        var bf16 = TensorParallel.DecodeStep(TensorParallelConfig.Llama3_70B_H100, 8, 1, 0, 2);
        var fp8 = TensorParallel.DecodeStep(TensorParallelConfig.Llama3_70B_H100, 8, 1, 0, 1);
        Assert.Equal(70_553_706_496.0 * 2 / 8 / 3.021e12 * 1000, bf16.WeightsMs, 9);   // 5.8386 ms
        Assert.Equal(bf16.WeightsMs / 2, fp8.WeightsMs, 12);
    }

    [Fact]
    public void The_H100_preset_uses_the_stated_numbers()
    {
        var h100 = TensorParallelConfig.Llama3_70B_H100;
        Assert.Equal(76.536317, h100.UsableGbPerGpu, 6);   // 0.9 × 79.2 GiB × 1.073741824 GB/GiB
        Assert.Equal(3.021e12, h100.BandwidthBytesPerSecond);
        Assert.Equal(8192, h100.HiddenSize);
        Assert.Equal(370e9, h100.AllReduceBusBytesPerSecond);
        // the 8B measured prefill slope: 2 × 8 030 261 248 × 2 048 / 0.057163 s ≈ 575.4 TFLOP/s
        Assert.InRange(h100.EffectiveFlopsPerSecond, 575.3e12, 575.5e12);
        // the 8B batch-1 step at context 512 (7.2576 ms) minus its roofline (16 060 522 496 + 512 × 131 072) / 3.021e12 = 5.3385 ms
        Assert.Equal(1.9191, h100.OverheadMs, 4);
    }

    [Theory]
    [InlineData(4.0, 31)]    // step = 3 + 0.032·b ms on one GPU: b ≤ 31.25
    [InlineData(2.5, 0)]     // even b = 1 takes 3.032 ms
    [InlineData(200.0, 3062)] // memory first: (100 − 2) GB / 32 MB per sequence = 3 062.5
    public void Largest_batch_meets_both_memory_and_the_TPOT_limit(double tpotLimitMs, int expected)
    {
        // one GPU: weights 2 GB read in 2 ms; KV 32 000 B per token, 1 000 tokens: 0.032 ms per sequence; compute 0.02 ms per sequence.
        Assert.Equal(expected, TensorParallel.LargestBatch(Toy, 1, 2, 1000, tpotLimitMs));
    }

    [Fact]
    public void Cheapest_layout_by_hand()
    {
        // t = 1: b = 31, step 3.992 ms, 7 765.5 tokens/s → 2 replicas, 2 GPUs.
        // t = 2: step = 2.2 + 0.0164·b ms ≤ 4 → b = 109, step 3.9876 ms, 27 335 tokens/s → 1 replica, 2 GPUs. Tie: the smaller degree.
        // cost = 2 GPUs × $2 / (10 000 tokens/s × 3 600 s) × 10⁶ = $0.1111 per million tokens.
        var layout = TensorParallel.CheapestLayout(Toy, [1, 2], [2], 10_000, 1000, 4, 2)!;
        Assert.Equal(1, layout.Degree);
        Assert.Equal(31, layout.Batch);
        Assert.Equal(3.992, layout.StepMs, 12);
        Assert.Equal(2, layout.Replicas);
        Assert.Equal(2, layout.Gpus);
        Assert.Equal(2.0 * 2 / (10_000 * 3600.0) * 1e6, layout.CostPerMillionTokens, 12);
        Assert.Equal(109, TensorParallel.LargestBatch(Toy, 2, 2, 1000, 4));
        Assert.Null(TensorParallel.CheapestLayout(Toy, [1, 2], [2], 10_000, 1000, 2, 2));   // 2 ms: no layout's first step is that fast
    }
}
