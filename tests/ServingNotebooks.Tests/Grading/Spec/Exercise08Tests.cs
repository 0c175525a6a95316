using ServingNotebooks.Grading;

namespace ServingNotebooks.Tests.Grading.Spec;

/// <summary>Exercise 8's parts against hand computations.</summary>
public sealed class Exercise08Tests
{
    private static readonly Exercise Spec = GradingSpec.Exercises[7];

    [Fact]
    public void Part_b_hour_the_budget_runs_out_worked_by_hand()
    {
        // allowed = ⌊requests × (1 − SLO)⌋; the first hour whose running total of failures exceeds it, or null.
        var part = Spec.Part("b");

        // The seed month: 1 440 000 × 0.001 = 1440 allowed. Hours 0–239: 238 × 1 + 2 × 100 = 438; then 7 an hour:
        // 438 + 7k > 1440 first at k = 144 (1446; k = 143 gives 1439), the hour 240 + 143 = 383 (day 15, 23:00).
        Assert.Equal(383, part.Expected);
        Assert.Equal(720, Exercise08SeedMonth.Length);
        Assert.Equal(438, Exercise08SeedMonth.Take(240).Sum());
        Assert.Equal([3, null], part.VisibleCases.Select(v => (int?)v.Expected));   // 0, 5, 10 (= 10 allowed, still met), 15; 9 of 100
        int?[] byHand =
        [
            3,      // 1, 2, 602, 1102 > 1000
            0,      // 1e6 × 0.0001 = 100 exactly as written: 101 > 100 in the first hour
            null,   // 100 failures spend exactly the 100 allowed: the SLO holds
            2,      // 1000 × 0.001 = 1 allowed: 0, 0, 2 > 1
            null,   // no hours yet
        ];
        Assert.Equal(byHand, part.HiddenCases.Select(h => (int?)h.Expected));
    }

    private static int[] Exercise08SeedMonth => [.. Enumerable.Range(0, 720).Select(h => h is 96 or 97 ? 100 : h >= 240 ? 7 : 1)];

    [Fact]
    public void Part_c_first_alert_worked_by_hand()
    {
        // An alert fires w × (θ(1 − SLO) − e₀) / (e₁ − e₀) minutes in (w its long window), never when e₁ < θ(1 − SLO).
        var part = Spec.Part("c");
        Assert.Equal(0, part.Expected);   // 5 %: the 14.4× page at 60 × 0.0139/0.0495 = 16.8 min, the 6× at 40 min
        int?[] byHand =
        [
            0,      // 1.44 %: exactly 14.4×, the page at 60 min; the 6× at 360 × 0.0055/0.0139 = 142 min
            1,      // 1 %: the 6× at 360 × 0.0055/0.0095 = 208.4 min beats the 1× over 3 d at 4320 × 0.0005/0.0095 = 227.4 min
            3,      // 0.2 %: only the 1× ticket, at 4320 × 0.0005/0.0015 = 1440 min
            null,   // 0.08 %: below every threshold
        ];
        Assert.Equal(byHand, part.HiddenCases.Select(h => (int?)h.Expected));
    }
}
