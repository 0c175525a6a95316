using ServingNotebooks.Grading;

namespace ServingNotebooks.Tests.Grading.Spec;

/// <summary>Exercise 12's parts (speculative decoding) against hand computations and the measured H100 steps read independently.</summary>
public sealed class Exercise12Tests
{
    private static readonly string Data = Path.Combine(Workbook.Notebooks, "data");
    private static readonly Exercise Spec = GradingSpec.Exercises.Single(e => e.Number == 12).Resolve(Data);

    [Fact]
    public void Has_three_parts_worth_ten_points_with_off_limits_members_and_a_prediction()
    {
        Assert.Equal(["a", "b", "c", "q1", "q2"], Spec.Parts.Select(p => p.Name));
        Assert.Equal([2.0, 3, 3, 1, 1], Spec.Parts.Select(p => p.Points));
        Assert.All(Spec.Parts.Take(3), p => Assert.NotEmpty(p.OffLimits));
        Assert.All(Spec.Parts.Take(3), p => Assert.True(p.HiddenCases.Count >= 3, $"part ({p.Name}) has {p.HiddenCases.Count} hidden cases"));
        Assert.Equal("predictedLightTpotMs", Assert.Single(Spec.Predictions).Variable);
    }

    [Fact]
    public void Part_a_tokens_per_step_worked_by_hand()
    {
        // Seed α = 0.75, γ = 7: (1 − 0.75⁸)/0.25 with 0.75⁸ = 6561/65536.
        Assert.Equal((1 - (6561.0 / 65536)) / 0.25, (double)Spec.Part("a").Expected!, 12);
        double[] byHand =
        [
            (1 - Math.Pow(0.62, 8)) / 0.38,   // the closed form, independent of the library's sum
            1 + 0.8 + 0.64 + 0.512 + 0.4096,  // 3.3616
            11,                               // α = 1: every draft kept, γ + 1
            1,                                // α = 0: only the model's own token
            1,                                // γ = 0: plain decoding
        ];
        Assert.Equal(byHand, Spec.Part("a").HiddenCases.Select(h => (double)h.Expected!), new Close(1e-12));
        Assert.Equal([1.75, 4.0], Spec.Part("a").VisibleCases.Select(v => (double)v.Expected!), new Close(1e-12));
    }

    [Fact]
    public void Part_b_best_draft_lengths_worked_by_hand()
    {
        // Seed α = 0.8, c = 0.05: S₇ = 4.1611392/1.35 = 3.0823, S₈ = 4.32891136/1.40 = 3.0921, S₉ = 4.463129088/1.45 = 3.0780.
        Assert.Equal(8, Spec.Part("b").Expected);
        int[] byHand =
        [
            5,    // α = 0.8, γ ≤ 5: still rising at the cap (S₄ = 3.3616/1.2 = 2.801, S₅ = 3.68928/1.25 = 2.951)
            6,    // α = 0.6, c = 0.02: S₅ = 2.38336/1.10 = 2.1667, S₆ = 2.430016/1.12 = 2.1697, S₇ = 2.4580096/1.14 = 2.1561
            0,    // α = 0, free draft: S = 1 for every γ, the tie goes to 0
            10,   // α = 0.9, c = 0.1: S₉ = 6.5132/1.9 = 3.4280, S₁₀ = 6.8619/2.0 = 3.4310, S₁₁ = 7.1757/2.1 = 3.4170
        ];
        Assert.Equal(byHand, Spec.Part("b").HiddenCases.Select(h => (int)h.Expected!));
        Assert.Equal([2, 0], Spec.Part("b").VisibleCases.Select(v => (int)v.Expected!));   // 1.75/1.2 beats 1.5/1.1 and 1.875/1.3; 1.2/1.3 < 1
    }

    [Fact]
    public void Part_c_break_even_batches_worked_by_hand()
    {
        // Seed, from decode_by_batch.csv at 512 tokens of context, α = 0.5, γ = 3, c = 0.05 (E = 1.875):
        // B = 32: 1.875 × 8.1753 / (11.0814 + 0.15 × 8.1753) = 1.2455; B = 64: 1.875 × 9.043 / (15.6515 + 0.15 × 9.043) = 0.9969.
        var rows = File.ReadAllLines(Path.Combine(Data, "decode_by_batch.csv")).Skip(1).Select(l => l.Split(',')).Where(f => f[1] == "512").ToList();
        Assert.Equal("9.043", rows.Single(f => f[0] == "64")[2]);
        Assert.Equal("15.6515", rows.Single(f => f[0] == "256")[2]);
        Assert.True(1.875 * 9.043 / (15.6515 + (0.15 * 9.043)) < 1);
        Assert.True(1.875 * 8.1753 / (11.0814 + (0.15 * 8.1753)) > 1);
        Assert.Equal(64, Spec.Part("c").Expected);

        int?[] byHand =
        [
            4,      // [1, 4, 16] ms [8, 8, 20], α = 0.6, γ = 2: B = 4 verifies 12 positions, t(12) = 16: 1.96 × 8 / 16.8 = 0.933
            8,      // steps flat at 5 ms to batch 8, 12 ms at 16, γ = 1: B = 8 (16 positions, the table's edge) gives 1.5 × 5/12 = 0.625
            2,      // α = 1, γ = 1, c = 0.2: B = 1: 2 × 10/(15 + 2) = 1.18; B = 2: 2 × 15/(40 + 6) = 0.65
            null,   // 2 048 tokens of context, α = 0.6, γ = 3: B = 32 gives 2.176 × 10.2666/(19.4713 + 1.54) = 1.063; B = 64 is past the table
            64,     // 2 048 tokens, α = 0.4, γ = 1: B = 32: 1.4 × 10.2666/(13.178 + 0.5133) = 1.050; B = 64: 1.4 × 13.178/(19.4713 + 0.6589) = 0.917
        ];
        Assert.Equal(byHand, Spec.Part("c").HiddenCases.Select(h => (int?)h.Expected));
        Assert.Equal([4, null], Spec.Part("c").VisibleCases.Select(v => (int?)v.Expected));
    }

    private sealed class Close(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance * Math.Max(1, Math.Abs(y));

        public int GetHashCode(double obj) => 0;
    }
}
