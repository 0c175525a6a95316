using ServingNotebooks.Grading;

namespace ServingNotebooks.Tests.Grading;

/// <summary>
/// Every part of notebooks 1–5: its hidden cases against values computed here by hand (exact fractions in decimal, the
/// textbook sums), never by the library member that is the part's answer key; and the spec's shape (points, off limits).
/// </summary>
public class ExercisePartsTests
{
    private static ExercisePart Part(int exercise, string name) => ScoringTests.Ex(exercise).Part(name);

    /// <summary>The hidden cases' expected values, in order, as doubles (null stays null).</summary>
    private static double?[] Expected(ExercisePart part) =>
        [.. part.HiddenCases.Select(h => h.Expected is null ? (double?)null : Convert.ToDouble(h.Expected, System.Globalization.CultureInfo.InvariantCulture))];

    private static void AssertClose(double[] byHand, ExercisePart part)
    {
        var spec = Expected(part);
        Assert.Equal(byHand.Length, spec.Length);
        for (var i = 0; i < byHand.Length; i++)
        {
            // The grader's own tolerance: 1e-6 relative. The hand values below are exact or to 12 digits.
            Assert.True(Math.Abs(spec[i]!.Value - byHand[i]) <= 1e-9 * Math.Max(1, Math.Abs(byHand[i])),
                $"{part.FunctionName}{part.HiddenCases[i].Describe()}: spec {spec[i]}, by hand {byHand[i]}");
        }
    }

    [Fact]
    public void Every_notebook_1_to_5_has_three_parts_worth_10_with_three_hidden_cases_and_off_limits_each()
    {
        foreach (var exercise in GradingSpec.Exercises.Take(5))
        {
            Assert.Equal(["a", "b", "c", "q1", "q2"], exercise.Parts.Select(p => p.Name));
            Assert.Equal(10, exercise.Points);
            Assert.NotEmpty(exercise.Predictions);
            Assert.All(exercise.Parts.Where(p => p.Question is null), p =>
            {
                Assert.True(p.HiddenCases.Count >= 3, $"{exercise.Number}({p.Name}) has {p.HiddenCases.Count} hidden cases");
                Assert.NotEmpty(p.OffLimits);
                Assert.NotNull(p.FunctionName);
            });
        }
    }

    [Fact]
    public void Notebook_1_hidden_cases()
    {
        AssertClose([15, 5, 10], Part(1, "a"));                   // L = λW: 5 × 3, 0.5 × 10, 250 × 0.04
        // (b) n = ⌊(L / λ − prefill) / TPOT⌋ + 1, 0 when L / λ < prefill:
        // 1024 / 200 = 5.12 s, (5.12 − 0.05) / 0.02 = 253.5 → 254; 256 / 12 = 21.333 s, 21.2333 / 0.015 = 1415.6 → 1416;
        // 1 / 1 = 1 s, 0.0005 / 0.01 = 0.05 → only the first token, 1; 24 / 100 = 0.24 s < 0.3 s of prefill → 0.
        AssertClose([254, 1416, 1, 0], Part(1, "b"));

        // (c) L over [t0, t1] = Σ overlap / (t1 − t0):
        // [0,4] with stays [0,2] [1,3] [2,5]: overlaps 2 + 2 + 2 = 6 over 4 s = 1.5;
        // [1.5,2.5]: 0.5 + 1 + 0.5 = 2 over 1 s = 2;
        // [0.1,0.5] with stays [0.1,0.3] [0.2,0.7] [10,11]: 0.2 + 0.3 + 0 = 0.5 over 0.4 s = 1.25;
        // [2,4] with two stays [0,10]: 2 + 2 = 4 over 2 s = 2.
        AssertClose([1.5, 2, 1.25, 2], Part(1, "c"));
    }

    [Fact]
    public void Notebook_2_hidden_cases()
    {
        AssertClose([0.9, 0.35, 0], Part(2, "a"));  // ρ = λ / μ

        // (b) Wq = C(c, a) / (cμ − λ) in ms, Erlang C from its textbook sum (not from Erlang B, as the library does).
        AssertClose([30, 180, 1000 * ErlangCBySum(8, 380 / 50.0) / ((8 * 50) - 380), 0], Part(2, "b"));
        // M/M/1 checks of the sum: C(1, a) = a, so Wq = ρ / (μ − λ): 0.6 / 20 s = 30 ms, 0.9 / 5 s = 180 ms.
        Assert.Equal(0.6, ErlangCBySum(1, 0.6), 12);

        // (c) the smallest c > a with C(c, a) ≤ p, searched with the textbook sum.
        AssertClose([FewestServers(3, 0.2), 2, FewestServers(100, 0.05), 5], Part(2, "c"));
        // By hand: a = 0.5: C(1) = 0.5 > 0.3; C(2) = 0.1 ≤ 0.3 → 2. a = 4, p = 0.999: c must exceed 4, and C(5, 4) < 1 → 5.
        Assert.Equal(0.1, ErlangCBySum(2, 0.5), 12);
        Assert.Equal(FewestServers(2.1, 0.3), (int)Part(2, "c").Expected!);
    }

    [Fact]
    public void Notebook_3_hidden_cases()
    {
        AssertClose([0 + 57 + (200 * 8.2) + 3, 150 + 29 + 10 + 0, 5 + 250 + 0 + 20], Part(3, "a"));

        // (b) ⌊(budget − queue − prefill − post) / TPOT⌋ in decimal, at least 0:
        // (100 − 79) / 0.07 = 300 (a double gives 299.99999999999994); 418 / 10.3 = 40.58 → 40; 50 − 82 < 0 → 0; (1.2 − 0.3) / 0.3 = 3.
        AssertClose([300, 40, 0, 3], Part(3, "b"));
        Assert.Equal(299, (int)Math.Floor((100.0 - 79.0) / 0.07));  // the trap is real

        // (c) median of (e2e − TTFT) / (n − 1) over n ≥ 2:
        // [100/10, 200/20, 300/30] = 10; [90/9, 280/7, (n = 1 skipped), 900/3] = [10, 40, 300] → 40;
        // [20/2, 60/4] = [10, 15] → 12.5; [0.2/1, 0.6/2, 0.7/1] = [0.2, 0.3, 0.7] → 0.3.
        AssertClose([10, 40, 12.5, 0.3], Part(3, "c"));
    }

    [Fact]
    public void Notebook_4_hidden_cases()
    {
        AssertClose([3, 85, 24], Part(4, "a"));  // ⌊0.3 / 0.1⌋ = 3, ⌊60 / 0.7⌋ = ⌊85.71⌋ = 85, ⌊1.2 / 0.05⌋ = 24

        // (b) ⌊⌊GB · 10⁹ / B⌋ / requests⌋ with B = 2 · layers · KV heads · d · b (worked out in Spec/Exercise04Tests).
        AssertClose([372, 3814, 1907, 0], Part(4, "b"));

        // (c) slots = ⌊G·10⁹ / k⌋, blocks = ⌊slots / s⌋, N = ⌊blocks / ⌈n / s⌉⌋:
        // 1 GB / 131 072 B = 7 629 slots → 476 blocks of 16; n = 16 → 1 block each → 476; n = 17 → 2 blocks → 238;
        // 2.01 GB / 100 000 B = 20 100 slots (a double floor gives 20 099) → 6 700 blocks of 3; n = 201 → 67 → 100;
        // 0.001 GB / 131 072 B = 7 slots → 0 blocks → 0.
        AssertClose([476, 238, 100, 0], Part(4, "c"));
        Assert.Equal(20_099, (long)Math.Floor(2.01 * 1e9 / 100_000));  // the trap is real
    }

    [Fact]
    public void Notebook_5_hidden_cases()
    {
        // (a) hourly / (tok/s × 3600) × 10⁶.
        AssertClose([2.5m.Div(16_356.2m * 3600) * 1_000_000, 12m.Div(137.8m * 3600) * 1_000_000, 0], Part(5, "a"));

        // (b) the cheapest ⌈demand / tok/s⌉ × hourly / (demand × 3600) × 10⁶ over the rows meeting the SLO (see Spec/Exercise05Tests).
        AssertClose([5.0 / 3, 2.0 / 15, 1 / 6.84, 50.0 / 3], Part(5, "b"));

        // (c) GPU-seconds Σ prompt / prefill + Σ output / decode, × hourly / 3600, per million of all tokens:
        // $3.6/h = $0.001/s; 2 ms for 2 tokens → 1; 1.5 + 2 ms for 4 tokens → 0.875; 0.05 s for 100 output tokens at $10/h;
        // the H100 mix with round throughputs.
        var seconds = (4000m / 36_000) + (1000m / 4857);
        AssertClose([1, 0.875, 10m.Div(2000m * 3600) * 1_000_000, (double)(seconds * 3 / 3600 / 5000 * 1_000_000)], Part(5, "c"));
    }

    /// <summary>Erlang C by its textbook sum: C = (aᶜ/c!)(c/(c − a)) / (Σₖ₌₀^{c−1} aᵏ/k! + (aᶜ/c!)(c/(c − a))).</summary>
    private static double ErlangCBySum(int c, double a)
    {
        double term = 1, sum = 0;
        for (var k = 0; k < c; k++)
        {
            sum += term;          // aᵏ/k!
            term *= a / (k + 1);  // next: a^(k+1)/(k+1)!
        }

        var last = term * c / (c - a);
        return last / (sum + last);
    }

    private static double FewestServers(double a, double p)
    {
        var c = (int)Math.Floor(a) + 1;
        while (ErlangCBySum(c, a) > p)
        {
            c++;
        }

        return c;
    }
}

/// <summary>Exact decimal division, returned as a double for comparison.</summary>
internal static class DecimalDivision
{
    public static double Div(this decimal numerator, decimal denominator) => (double)(numerator / denominator);
}
