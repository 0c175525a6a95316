using ServingNotebooks.Grading;

namespace ServingNotebooks.Tests.Grading.Spec;

/// <summary>Exercise 8's parts against hand computations.</summary>
public sealed class Exercise08Tests
{
    private static readonly Exercise Spec = GradingSpec.Exercises[7];

    [Fact]
    public void Part_b_hours_to_exhaustion_worked_by_hand()
    {
        // hours = days × 24 × budget left / (error rate / (1 − SLO)); relative tolerance 1e-12.
        var part = Spec.Part("b");
        Assert.Equal(14.4, (double)part.Expected!, 1e-12 * 14.4);                  // 720 h / burn 50
        double[] byHand =
        [
            720,    // burn 1: the whole 30 days
            50,     // burn 14.4: 720 / 14.4
            33.6,   // 28 d × 24 × 0.25 / burn 5 (0.05 / 0.01)
            180,    // 30 d × 24 × 0.5 / burn 2
        ];
        Assert.Equal(byHand.Length, part.HiddenCases.Count);
        for (var i = 0; i < byHand.Length; i++)
        {
            Assert.Equal(byHand[i], (double)part.HiddenCases[i].Expected!, 1e-12 * byHand[i]);
        }
    }

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
