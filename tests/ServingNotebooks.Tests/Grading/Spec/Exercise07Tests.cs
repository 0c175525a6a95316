using ServingNotebooks.Grading;

namespace ServingNotebooks.Tests.Grading.Spec;

/// <summary>Exercise 7's parts against hand computations and a textbook-sum Erlang C (<see cref="SpecReference"/>).</summary>
public sealed class Exercise07Tests
{
    private static readonly Exercise Spec = GradingSpec.Exercises[6];

    [Fact]
    public void Part_b_fleet_capacity_worked_by_hand()
    {
        // a + β√a = c with x = √a: x = (√(β² + 4c) − β) / 2, λ = μ·x². Values worked on a calculator to 7 digits.
        var part = Spec.Part("b");
        Assert.Equal(146.8168, (double)part.Expected!, 3);   // c = 6, β = 0.5: √24.25 = 4.924429, x = 2.212214, a = 4.893893
        double[] byHand =
        [
            18.28835,   // c = 1: √4.25 = 2.061553, x = 0.780776, a = 0.609612
            100,        // β = 0: the whole fleet, a = c
            593.2939,   // c = 22: √88.25 = 9.394147, x = 4.447074, a = 19.77645
            56.49468,   // c = 6, β = 3: √33 = 5.744563, x = 1.372281, a = 1.883156
        ];
        Assert.Equal(byHand.Length, part.HiddenCases.Count);
        for (var i = 0; i < byHand.Length; i++)
        {
            Assert.Equal(byHand[i], (double)part.HiddenCases[i].Expected!, 1e-6 * byHand[i] * 10);
        }

        // Each answer staffs its fleet exactly: a + β√a = c.
        foreach (var hidden in part.HiddenCases)
        {
            var (c, mu, beta) = ((int)hidden.Arguments[0], (double)hidden.Arguments[1], (double)hidden.Arguments[2]);
            var a = (double)hidden.Expected! / mu;
            Assert.Equal(c, a + (beta * Math.Sqrt(a)), 9);
        }
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
