using ServingNotebooks.Grading;

namespace ServingNotebooks.Tests.Grading.Spec;

/// <summary>Exercise 9's parts against hand computations and a textbook-sum Erlang C (<see cref="SpecReference"/>).</summary>
public sealed class Exercise09Tests
{
    private static readonly Exercise Spec = GradingSpec.Exercises[8];

    [Fact]
    public void Part_b_goodput_fractions_worked_by_hand()
    {
        var part = Spec.Part("b");
        // 120/s on 6 replicas of 30/s: C(6, 4) = 0.28476; 100 ms of slack (129 − 29); 1 − C·e^(−60 × 0.1).
        Assert.Equal(0.28476, SpecReference.ErlangC(6, 4), 5);
        Assert.Equal(1 - (SpecReference.ErlangC(6, 4) * Math.Exp(-6)), (double)part.Expected!, 12);
        double[] byHand =
        [
            1 - (Math.Exp(-2.5) / 6),   // M/M/1, C = ρ = 1/6, 100 ms of slack
            0,                          // TPOT 10.5 above its 10 ms target
            0,                          // prefill 130 ms already past the 120 ms TTFT target
            0,                          // λ = cμ = 60: the queue never settles
            1,                          // no traffic: nobody waits
        ];
        Assert.Equal(byHand.Length, part.HiddenCases.Count);
        for (var i = 0; i < byHand.Length; i++)
        {
            Assert.Equal(byHand[i], (double)part.HiddenCases[i].Expected!, 12);
        }
    }

    [Fact]
    public void Part_c_best_goodput_action_worked_by_hand()
    {
        var part = Spec.Part("c");
        // Seed: 170/s on 6 replicas, TTFT ≤ 200 ms, TPOT ≤ 25 ms. Both 70B actions: 6 × 3 and 6 × 6 < 170, unstable (and prefill 240 > 200).
        // 8B full: C(6, 5.67) · e^(−10 × 0.171) leaves 0.846; 8B short: C(6, 2.83) · e^(−190 × 0.171) ≈ 7e-16: the most.
        Assert.Equal(0.846, 1 - (SpecReference.ErlangC(6, 170.0 / 30) * Math.Exp(-10 * 0.171)), 3);
        Assert.Equal(3, part.Expected);
        int?[] byHand =
        [
            3,      // unstable, TPOT 45 > 40, 0.99652, ≈ 1
            null,   // unstable and TPOT too slow: nobody meets both
            1,      // two identical best actions: the earlier
            1,      // 100/s on 4: μ = 30 gives 0.9415, μ = 40 with TPOT exactly at its 12 ms target gives 0.99978
        ];
        Assert.Equal(0.9415, 1 - (SpecReference.ErlangC(4, 100.0 / 30) * Math.Exp(-20 * 0.121)), 4);
        Assert.Equal(byHand, part.HiddenCases.Select(h => (int?)h.Expected));
    }
}
