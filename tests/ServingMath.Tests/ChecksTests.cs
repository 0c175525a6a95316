namespace ServingMath.Tests;

public class ChecksTests
{
    [Fact]
    public void Close_passes_within_tolerance_and_fails_with_expected_value_and_hint()
    {
        Assert.True(Checks.Close("L", 24.0000001, 24, "L = λW").Passed);
        var wrong = Checks.Close("L", 12, 24, "L = λW");
        Assert.False(wrong.Passed);
        Assert.Contains("expected 24", wrong.Message);
        Assert.Contains("Hint: L = λW", wrong.Message);
        Assert.Contains("no answer yet", Checks.Close("L", double.NaN, 24, "h").Message);
    }

    [Fact]
    public void Equal_treats_null_as_nothing_fits()
    {
        Assert.True(Checks.Equal<int?>("best", 1, 1, "h").Passed);
        var r = Checks.Equal<int?>("best", null, 1, "h");
        Assert.False(r.Passed);
        Assert.Contains("null (nothing fits)", r.Message);
        Assert.False(Checks.Equal("maxRequests", 39, 40, "floor").Passed);
    }

    [Fact]
    public void SameItems_ignores_order_and_case_and_lists_what_is_missing_or_extra()
    {
        Assert.True(Checks.SameItems("fields", ["B", " a "], ["a", "b"], "h").Passed);
        var r = Checks.SameItems("fields", ["a", "z"], ["a", "b"], "h");
        Assert.False(r.Passed);
        Assert.Contains("missing b", r.Message);
        Assert.Contains("not expected z", r.Message);
        Assert.False(Checks.SameItems("fields", null, ["a"], "h").Passed);
    }

    [Fact]
    public void Bad_inputs_name_the_parameter()
    {
        QueueingTests.AssertBad("tolerance", () => Checks.Close("x", 1, 1, "h", -1));
        QueueingTests.AssertBad("expected", () => Checks.SameItems("x", [], null!, "h"));
    }
}
