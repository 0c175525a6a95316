using ServingNotebooks.Grading;

namespace ServingNotebooks.Tests.Grading.Spec;

/// <summary>Exercise 6's parts: every expected value against a reference worked out by hand or in exact integer arithmetic.</summary>
public sealed class Exercise06Tests
{
    private static readonly Exercise Spec = GradingSpec.Exercises[5].Resolve(Path.Combine(Workbook.Notebooks, "data"));

    [Fact]
    public void Part_b_pareto_fronts_worked_by_hand()
    {
        var part = Spec.Part("b");
        int[][] byHand =
        [
            [0, 3, 1, 2],   // (90, 250) loses to (100, 200) on both; the rest sorted by latency 200, 300, 450, 900
            [0, 1],         // two identical options: neither beats the other, both stay (lower index first)
            [2, 0],         // (100, 300) loses to (100, 200): same throughput, more latency
            [0, 1, 3],      // the eager steps (711.6 at 11.24 ms, 5167.2 at 12.39 ms) lose to the graph steps of the same batch
            [0],
        ];
        Assert.Equal(byHand.Length, part.HiddenCases.Count);
        for (var i = 0; i < byHand.Length; i++)
        {
            Assert.Equal(byHand[i], Assert.IsType<int[]>(part.HiddenCases[i].Expected));
        }

        // The notebook's seed: context 512, nine CUDA-graph steps then nine eager ones. Each eager step is slower than the graph
        // step of the same batch and moves the same tokens per step, so it is dominated; the graph steps get faster in
        // throughput as they get slower in latency, so all nine stay, in batch order.
        Assert.Equal(Enumerable.Range(0, 9).ToArray(), Assert.IsType<int[]>(part.Expected));
    }

    [Fact]
    public void Part_c_crossover_batches_in_exact_integer_arithmetic()
    {
        var part = Spec.Part("c");

        // B = ⌊W·F / (2·P·BW − T·k·F)⌋ + 1 with W = 16 060 522 496, P = 8 030 261 248, k = 131 072, BW = 3.021e12, F = 780e12.
        static int? ByHand(long w, long p, long k, int t)
        {
            var headroom = (2 * (System.Numerics.BigInteger)p * 3_021_000_000_000) - ((System.Numerics.BigInteger)t * k * 780_000_000_000_000);
            return headroom <= 0 ? null : (int)((System.Numerics.BigInteger)w * 780_000_000_000_000 / headroom) + 1;
        }

        Assert.Equal(259, part.Expected);   // T = 0: W = 2P, so F / BW = 258.19 → 259
        Assert.Equal(ByHand(16_060_522_496, 8_030_261_248, 131_072, 0), (int?)part.Expected);
        int?[] byHand =
        [
            ByHand(16_060_522_496, 8_030_261_248, 131_072, 256),      // 561
            ByHand(16_060_522_496, 8_030_261_248, 131_072, 512),      // null: past the crossover context 474.6
            ByHand(16_060_522_496, 8_030_261_248, 131_072, 474),      // 212 692: a loop with a cap of 10 000 misses it
            ByHand(141_107_412_992, 70_553_706_496, 327_680, 128),    // Llama-3-70B: 280
            null,                                                     // 2 × 1e9 × 1e12 − 1000 × 1e6 × 2e12 = 0: never
        ];
        Assert.Equal([561, null, 212_692, 280, null], byHand);
        Assert.Equal(byHand, part.HiddenCases.Select(h => (int?)h.Expected));
    }
}
