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
}
