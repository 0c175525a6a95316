using ServingNotebooks.Grading;

namespace ServingNotebooks.Tests.Grading.Spec;

/// <summary>Exercise 4's part (b) against hand computations.</summary>
public sealed class Exercise04Tests
{
    private static readonly Exercise Spec = GradingSpec.Exercises[3];

    [Fact]
    public void Part_b_longest_context_worked_by_hand()
    {
        // B = 2 × layers × KV heads × head dim × bytes; tokens = ⌊GB × 10⁹ / B⌋; context = ⌊tokens / requests⌋.
        var part = Spec.Part("b");
        Assert.Equal(7629L, Convert.ToInt64(part.Expected, System.Globalization.CultureInfo.InvariantCulture));   // B = 163 840: 4e10 / B = 244 140.6 → 244 140 / 32 = 7629.4
        long[] visible =
        [
            20_313,   // Llama-3-8B bf16, B = 131 072: 63.9e9 / B = 487 518.3 → 487 518 / 24 = 20 313.25
            1211,     // 126 layers, B = 516 096: 1e10 / B = 19 376.2 → 19 376 / 16 = 1211
        ];
        Assert.Equal(visible, part.VisibleCases.Select(v => Convert.ToInt64(v.Expected, System.Globalization.CultureInfo.InvariantCulture)));
        long[] hidden =
        [
            372,      // 64 KV heads, B = 2 621 440: 1e12 / B = 381 469.7 → 381 469 / 1024 = 372.5 (1024 × B = 2.7e9 > 2³¹)
            3814,     // 0.5e9 / 131 072 = 3814.7
            1907,     // fp8 70B: 8e10 / 163 840 = 488 281.25 → 488 281 / 256 = 1907.3
            0,        // Llama-2-7B, B = 524 288: 1e9 / B = 1907.3 → 1907 / 3000 < 1: the promise cannot be kept
        ];
        Assert.Equal(hidden, part.HiddenCases.Select(h => Convert.ToInt64(h.Expected, System.Globalization.CultureInfo.InvariantCulture)));
    }
}
