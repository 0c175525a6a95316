namespace ServingNotebooks.Exercises.Tests;

/// <summary>The one comparison rule of the notebooks' checks and the grader (hand-computed cases).</summary>
public class AnswerComparisonTests
{
    [Theory]
    [InlineData(24.0000001, 24, 1e-6, true)] // |a − e| = 1e-7 ≤ 1e-6 × 24
    [InlineData(24.0001, 24, 1e-6, false)] // 1e-4 > 2.4e-5
    [InlineData(0.0000005, 0, 1e-6, true)] // below 1 the tolerance is absolute: 5e-7 ≤ 1e-6
    [InlineData(0.000002, 0, 1e-6, false)]
    [InlineData(1_000_001, 1_000_000, 1e-6, true)] // 1 ≤ 1e-6 × 1e6
    [InlineData(double.NaN, 24, 1e-6, false)]
    public void Close_is_relative_above_one_and_absolute_below(double actual, double expected, double tolerance, bool close) =>
        Assert.Equal(close, AnswerComparison.Close(actual, expected, tolerance));

    [Fact]
    public void Every_integer_type_is_a_whole_number()
    {
        Assert.Equal(40L, AnswerComparison.AsWhole(40u));
        Assert.Equal(40L, AnswerComparison.AsWhole(40UL));
        Assert.Equal(40L, AnswerComparison.AsWhole((ushort)40));
        Assert.Equal(40L, AnswerComparison.AsWhole((byte)40));
        Assert.Equal(-4L, AnswerComparison.AsWhole((sbyte)-4));
        Assert.Equal(40L, AnswerComparison.AsWhole((nuint)40));
        Assert.Equal(40L, AnswerComparison.AsWhole(40.0));
        Assert.Equal(40L, AnswerComparison.AsWhole(40m));
        Assert.Null(AnswerComparison.AsWhole(ulong.MaxValue)); // 2⁶⁴ − 1 does not fit a long
        Assert.Null(AnswerComparison.AsWhole(2.5));
        Assert.Null(AnswerComparison.AsWhole(double.NaN));
        Assert.Null(AnswerComparison.AsWhole("40"));
        Assert.True(AnswerComparison.SameWhole(40u, 40));
        Assert.False(AnswerComparison.SameWhole(39u, 40));
    }

    [Fact]
    public void Checks_and_the_grader_agree_on_unsigned_answers()
    {
        // A notebook that keeps its answer as object (or compares across types) gets the same ✔ the grader gives.
        Assert.True(Checks.Matches(AnswerKind.Integer, 40u, 40, 0));
        Assert.False(Checks.Matches(AnswerKind.Integer, 39u, 40, 0));
        Assert.True(Checks.Matches(AnswerKind.NullableIndex, (byte)2, 2, 0));
        Assert.True(Checks.Matches(AnswerKind.Number, 24, 24.0000001, 1e-6));   // an int answer to a real-number part
    }

    [Fact]
    public void Items_compare_as_sets_ignoring_case_and_spaces()
    {
        var (missing, extra) = AnswerComparison.CompareItems([" TTFT ", "e2e", null, "color"], ["ttft", "E2E", "tpot"]);
        Assert.Equal(["tpot"], missing);
        Assert.Equal(["color"], extra);
    }

    [Fact]
    public void A_negative_tolerance_is_refused_by_name()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => AnswerComparison.Close(1, 1, -1e-6));
        Assert.Equal("tolerance", e.ParamName);
    }
}
