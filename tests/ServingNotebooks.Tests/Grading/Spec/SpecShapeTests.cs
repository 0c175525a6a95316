using ServingNotebooks.Grading;

namespace ServingNotebooks.Tests.Grading.Spec;

/// <summary>What every exercise set of notebooks 6–9 has (10 is checked in its own tests: its checklist part has no function): three parts and two concept questions worth 10 points, off-limits members, 3+ hidden cases and one prediction.</summary>
public sealed class SpecShapeTests
{
    [Theory]
    [InlineData(6, "predictedBest2048")]
    [InlineData(7, "predictedSimP99WaitMs")]
    [InlineData(8, "predictedPageMinutes")]
    [InlineData(9, "predictedShedLoad")]
    public void Has_three_parts_worth_ten_points_with_off_limits_members_and_a_prediction(int number, string prediction)
    {
        var spec = GradingSpec.Exercises.Single(e => e.Number == number);
        Assert.Equal(["a", "b", "c", "q1", "q2"], spec.Parts.Select(p => p.Name));
        Assert.Equal(10, spec.Points);
        Assert.All(spec.Parts.Where(p => p.Question is null), p => Assert.NotEmpty(p.OffLimits));
        Assert.All(spec.Parts.Where(p => p.Question is null), p => Assert.True(p.HiddenCases.Count >= 3, $"part ({p.Name}) has {p.HiddenCases.Count} hidden cases"));
        Assert.Equal(prediction, Assert.Single(spec.Predictions).Variable);
    }
}
