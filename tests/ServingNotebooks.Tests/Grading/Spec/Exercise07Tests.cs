using ServingNotebooks.Grading;

namespace ServingNotebooks.Tests.Grading.Spec;

/// <summary>Exercise 7's parts against hand computations and a textbook-sum Erlang C (<see cref="SpecReference"/>).</summary>
public sealed class Exercise07Tests
{
    private static readonly Exercise Spec = GradingSpec.Exercises[6];

    [Fact]
    public void Part_b_square_root_staffing_worked_by_hand()
    {
        var part = Spec.Part("b");
        Assert.Equal(5, part.Expected);   // a = 120/30 = 4: 4 + 0.5 × 2 = 5
        int[] byHand =
        [
            44,    // 40 + 0.5 × 6.3246 = 43.16
            120,   // 100 + 2 × 10 = 120 exactly: no rounding up
            3,     // 0.64 + 2.95 × 0.8 = 3 exactly (binary floating point: 3.0000000000000004)
            1,     // 0.01 + 0.5 × 0.1 = 0.06: at least one
        ];
        Assert.Equal(byHand, part.HiddenCases.Select(h => (int)h.Expected!));
    }

    [Fact]
    public void Part_c_erlang_c_replicas_against_the_textbook_sum()
    {
        var part = Spec.Part("c");
        Assert.Equal(6, part.Expected);
        Assert.Equal(SpecReference.ServersForWait(120, 30, 0.1, 0.99), part.Expected);

        // 5/s: one replica waits ln((1/6)/0.01)/25 = 113 ms; two: C = 1/78 > 0.01, ln(1.282)/55 = 4.5 ms.
        Assert.Equal(0.1125, SpecReference.WaitPercentile(5, 30, 1, 0.99), 4);
        Assert.Equal(1.0 / 78, SpecReference.ErlangC(2, 5.0 / 30), 12);
        int[] byHand = [2, SpecReference.ServersForWait(600, 30, 0.1, 0.99), SpecReference.ServersForWait(1200, 30, 0.1, 0.99), SpecReference.ServersForWait(120, 30, 0, 0.99)];
        Assert.Equal([2, 22, 42, 10], byHand);   // 22 and 42 as in the notebook's table; SLO 0: the first fleet with C ≤ 0.01 (C(10, 4) = 0.0088)
        Assert.Equal(byHand, part.HiddenCases.Select(h => (int)h.Expected!));
    }
}
