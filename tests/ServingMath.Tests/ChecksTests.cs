namespace ServingMath.Tests;

public class ChecksTests
{
    [Fact]
    public void Close_passes_within_tolerance_and_fails_with_the_hint_but_never_the_expected_value()
    {
        Assert.True(Checks.Close("L", 24.0000001, 24, "L = λW").Passed);
        var wrong = Checks.Close("L", 12, 24, "L = λW");
        Assert.False(wrong.Passed);
        Assert.DoesNotContain("24", wrong.Message);
        Assert.Contains("Hint: L = λW", wrong.Message);
        var placeholder = Checks.Close("L", double.NaN, 24, "h");
        Assert.Contains("not answered yet", placeholder.Message);
        Assert.False(placeholder.Answered);
    }

    // Each Part test uses its own exercise number: hint steps are kept per part for the life of the process.
    private static CheckResult PartA(int exercise, Func<double> answer) =>
        Checks.Part(exercise, 'a', "L", answer, expected: 24.0, offLimits: ["Queueing.LittlesLaw"],
            nudge: "look at the units", formula: "L = λ × W");

    [Fact]
    public void Part_says_not_answered_yet_for_placeholders_and_counts_no_miss()
    {
        Assert.Contains("not answered yet", PartA(91, () => double.NaN).Message);
        Assert.Contains("not answered yet", PartA(91, () => -1).Message);
        Assert.Contains("not answered yet", PartA(91, () => throw new NotImplementedException()).Message);
        Assert.False(PartA(91, () => double.NaN).Answered);

        // Three placeholders later, the first real miss still gets the nudge, not the formula.
        Assert.Contains("Look at: look at the units", PartA(91, () => 12).Message);
    }

    [Fact]
    public void Part_hints_in_steps_nudge_then_formula_and_never_the_expected_value()
    {
        var first = PartA(92, () => 12);
        Assert.False(first.Passed);
        Assert.Contains("✘ L is 12", first.Message);
        Assert.Contains("Look at: look at the units", first.Message);
        Assert.DoesNotContain("L = λ × W", first.Message);
        Assert.DoesNotContain("24", first.Message);

        var second = PartA(92, () => 14);
        Assert.Contains("Formula: L = λ × W", second.Message);
        Assert.DoesNotContain("24", second.Message);

        Assert.Contains("✔ L = 24", PartA(92, () => 2.0 * 12).Message);
        Assert.Equal("Answer for 92(a): L = 24 for the notebook's inputs. Now make your function give it, for any inputs.", Hints.ShowAnswer(92, 'a'));
    }

    [Fact]
    public void Asking_for_the_hint_gives_the_formula_and_later_misses_show_it()
    {
        Assert.Contains("Run the check cell of part (a) of notebook 93 first", Hints.Hint(93, 'a'));
        Assert.Contains("not answered yet", PartA(93, () => double.NaN).Message);
        Assert.Equal("Hint for 93(a): L = λ × W", Hints.Hint(93, 'A'));
        Assert.Contains("Formula: L = λ × W", PartA(93, () => 12).Message);
    }

    [Fact]
    public void Part_gives_nothing_to_a_function_that_calls_its_answer_key()
    {
        var keyed = PartA(94, () => Queueing.LittlesLaw(12, 2));
        Assert.False(keyed.Passed);
        Assert.Contains("write it yourself: Queueing.LittlesLaw is the answer key", keyed.Message);

        // A building block that is not off limits is fine.
        Assert.True(PartA(94, () => Queueing.Utilization(24, 1) * 1).Passed);
    }

    [Fact]
    public void Part_compares_whole_numbers_and_nothing_fits_exactly()
    {
        Assert.True(Checks.Part(95, 'a', "n", () => 40, 40, [], "n", "f").Passed);
        Assert.False(Checks.Part(95, 'b', "n", () => 39, 40, [], "n", "f").Passed);
        Assert.True(Checks.Part<int?>(95, 'c', "best", () => null, null, [], "n", "f").Passed);
        Assert.Contains("not answered yet", Checks.Part<int?>(95, 'd', "best", () => -1, 1, [], "n", "f").Message);
        Assert.Contains("threw InvalidOperationException: boom", Checks.Part(95, 'e', "n", () => throw new InvalidOperationException("boom"), 1.0, [], "n", "f").Message);
    }

    [Fact]
    public void Prediction_reports_the_gap_and_a_missing_prediction()
    {
        Assert.Equal("predictedL: you predicted 30 requests; the result is 24 requests (25 % too high).", Checks.Prediction("predictedL", 30, 24, "requests"));
        Assert.Contains("within 10 %", Checks.Prediction("predictedL", 25, 24, "requests"));
        Assert.Contains("no prediction written", Checks.Prediction("predictedL", double.NaN, 24, "requests"));
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
    public void SameItems_ignores_order_and_case_and_says_where_items_are_missing_without_naming_them()
    {
        Assert.True(Checks.SameItems("fields", ["B", " a "], ["a", "b"], "h").Passed);
        var r = Checks.SameItems("fields", ["alpha", "z"], ["alpha", "beta"], "h");
        Assert.False(r.Passed);
        Assert.Contains("nothing yet for item 2", r.Message);   // where the gap is, not the missing name
        Assert.DoesNotContain("beta", r.Message, StringComparison.Ordinal);
        Assert.Contains("not expected z", r.Message);
        var questions = Checks.SameItems("fields", ["x"], ["a", "b", "c"], "h", itemLabel: "question");
        Assert.Contains("nothing yet for questions 1, 2, 3", questions.Message);
        Assert.False(Checks.SameItems("fields", null, ["a"], "h").Passed);
    }

    [Fact]
    public void Bad_inputs_name_the_parameter()
    {
        QueueingTests.AssertBad("tolerance", () => Checks.Close("x", 1, 1, "h", -1));
        QueueingTests.AssertBad("expected", () => Checks.SameItems("x", [], null!, "h"));
        QueueingTests.AssertBad("part", () => Checks.Part(1, '?', "x", () => 1.0, 1.0, [], "n", "f"));
        QueueingTests.AssertBad("answer", () => Checks.Part(1, 'a', "x", null!, 1.0, [], "n", "f"));
    }
}
