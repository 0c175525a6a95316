namespace ServingNotebooks.Exercises.Tests;

/// <summary>Notebook 11's visible cases against hand computations (its simulated part (c) only for its shape).</summary>
public class Exercise11SpecTests
{
    [Fact]
    public void Tokens_saved_visible_cases_match_hand_computations()
    {
        // (32, [16, 8], [16, 4]): turn 1 X = 48, ⌊min(32, 47)/16⌋ = 2 blocks = 32; turn 2 X = 72, turn 1 computed
        // 48 + 16 − 1 = 63 → 3 blocks = 48. Total 80.
        // (0, [100, 20], [60, 30]): turn 1 finds nothing; turn 2 X = 180, computed 100 + 60 − 1 = 159 → 9 blocks = 144.
        Assert.Equal<object?>([80L, 144L], Specs.Exercise(11).Part("a").VisibleCases.Select(v => v.Expected));
        // The seed: 1 200 + 1 584 + 1 728 (PrefixCachingArithmeticTests works it turn by turn).
        Assert.Equal(4_512L, Specs.Exercise(11).Part("a").Expected);
    }

    [Fact]
    public void Prefill_saved_visible_cases_match_hand_computations()
    {
        // Curve 100 → 10 ms, 1 100 → 110 ms: flat at 10 ms below 100 tokens, 0.1 ms per token above (extended past 1 100).
        // (0, [100, 20], [60, 30]): turn 2 X = 180, H = 144, prefill 36: t(180) − t(36) = 18 − 10 = 8 ms.
        // (2 000, [300, 100], [500, 200]): turn 1 X = 2 300, H = 2 000 (125 blocks exactly), t(2 300) − t(300) = 230 − 30 = 200;
        // turn 2 X = 2 900, computed 2 799 → 174 blocks = 2 784, prefill 116: t(2 900) − t(116) = 290 − 11.6 = 278.4. Total 478.4.
        var cases = Specs.Exercise(11).Part("b").VisibleCases.Select(v => (double)v.Expected!).ToList();
        Assert.Equal(8, cases[0], 9);
        Assert.Equal(478.4, cases[1], 9);
    }

    [Fact]
    public void The_simulated_part_has_answers_of_its_own_for_its_visible_cases()
    {
        var part = Specs.Exercise(11).Resolve(Path.Combine(AppContext.BaseDirectory, "data")).Part("c");
        Assert.NotNull(part.Expected);
        Assert.All(part.VisibleCases, v => Assert.NotNull(v.Expected));
        // Seed and visible cases all differ, so no constant passes the check.
        Assert.Equal(3, part.VisibleCases.Select(v => v.Expected).Append(part.Expected).Distinct().Count());
    }
}
