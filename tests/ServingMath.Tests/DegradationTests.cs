namespace ServingMath.Tests;

public class DegradationTests
{
    [Fact]
    public void BestAction_seed_exercise_is_1()
    {
        // Under 1300 ms: indices 1 (0.95) and 2 (0.90); the better quality is index 1.
        Assert.Equal(1, Degradation.BestAction([2000, 1200, 900], [1.0, 0.95, 0.90], 1300));
    }

    [Fact]
    public void BestAction_is_null_when_nothing_fits()
    {
        Assert.Null(Degradation.BestAction([2000, 1200, 900], [1.0, 0.95, 0.90], 500));
    }

    [Fact]
    public void Decide_names_the_choice_or_says_to_shed()
    {
        DegradationAction[] actions = [new("70B full", 2000, 1.0), new("8B full", 1200, 0.95), new("8B short", 900, 0.90)];
        var ok = Degradation.Decide(actions, 1300);
        Assert.False(ok.ShouldShed);
        Assert.Equal("8B full", ok.Choice!.Name);

        var none = Degradation.Decide(actions, 500);
        Assert.True(none.ShouldShed);
        Assert.Null(none.Choice);
        Assert.Contains("Nothing fits", none.Reason);
        Assert.Contains("8B short", none.Reason); // names the fastest option
    }

    [Fact]
    public void Bad_inputs_name_the_parameter()
    {
        QueueingTests.AssertBad("quality", () => Degradation.BestAction([1, 2], [1], 5));
        QueueingTests.AssertBad("latency", () => Degradation.BestAction([], [], 5));
        QueueingTests.AssertBad("quality", () => Degradation.BestAction([1], null!, 5));
        QueueingTests.AssertBad("latencySlo", () => Degradation.BestAction([1], [1], double.PositiveInfinity));
        QueueingTests.AssertBad("actions", () => Degradation.Decide(null!, 5));
        QueueingTests.AssertBad("actions", () => Degradation.Decide([], 5));
        QueueingTests.AssertBad("actions", () => Degradation.Decide([null!], 5));
    }


    [Fact]
    public void GoodputFraction_is_the_chance_of_waiting_at_most_the_ttft_slack_when_tpot_meets_its_target()
    {
        // One replica, λ = 5, μ = 30: C = 1/6. Slack 120 − 20 = 100 ms: 1 − (1/6)·e^(−25 × 0.1) = 0.98632.
        Assert.Equal(1 - (Math.Exp(-2.5) / 6), Degradation.GoodputFraction(5, 30, 1, 20, 9, 120, 10), 12);
        Assert.Equal(1 - (Math.Exp(-2.5) / 6), Degradation.GoodputFraction(5, 30, 1, 20, 10, 120, 10), 12);   // TPOT at the target counts
        Assert.Equal(0, Degradation.GoodputFraction(5, 30, 1, 20, 10.5, 120, 10));   // TPOT above the target: nobody
        Assert.Equal(0, Degradation.GoodputFraction(5, 30, 1, 130, 9, 120, 10));     // the prefill alone breaks the TTFT target
        Assert.Equal(0, Degradation.GoodputFraction(60, 30, 2, 20, 9, 120, 10));     // λ = cμ: the queue never settles
        Assert.Equal(1, Degradation.GoodputFraction(0, 30, 1, 20, 9, 120, 10));      // no traffic, no waiting
    }

    [Fact]
    public void BestGoodputAction_picks_the_most_goodput_not_the_best_quality()
    {
        // λ = 150 on 6 replicas, TTFT ≤ 200 ms, TPOT ≤ 40 ms.
        // 0: μ = 20 → 120 < 150, unstable: 0.   1: μ = 30, TPOT 45 > 40: 0.
        // 2: μ = 30, prefill 29, TPOT 9: a = 5, C(6, 5) = 0.5875, slack 0.171 s, 1 − 0.5875·e^(−30 × 0.171) = 0.99653.
        // 3: μ = 60, prefill 29, TPOT 9: a = 2.5, C(6, 2.5) = 0.0474, 1 − 0.0474·e^(−210 × 0.171) ≈ 1 − 1e-17: the most.
        Assert.Equal(3, Degradation.BestGoodputAction(150, 6, [20, 30, 30, 60], [250, 29, 29, 29], [22, 45, 9, 9], 200, 40));
        Assert.Null(Degradation.BestGoodputAction(150, 6, [20, 30], [250, 29], [22, 45], 200, 40));
        Assert.Equal(1, Degradation.BestGoodputAction(10, 1, [30, 60, 60], [20, 20, 20], [9, 9, 9], 120, 10));   // ties: the earlier
        Assert.Contains("prefillMs", Assert.ThrowsAny<ArgumentException>(() => Degradation.BestGoodputAction(10, 1, [30, 60], [20], [9, 9], 120, 10)).Message, StringComparison.Ordinal);
    }
}
