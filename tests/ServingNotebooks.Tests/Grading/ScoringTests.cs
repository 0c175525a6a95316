using ServingNotebooks.Grading;

namespace ServingNotebooks.Tests.Grading;

public class ScoringTests
{
    private static Exercise Ex(int n) => GradingSpec.Exercises[n - 1];

    private static NotebookObservation Ran(int n, object? answer, params object?[] hidden) => new()
    {
        Notebook = Ex(n).Notebook,
        Outcome = NotebookOutcome.Ran,
        Answer = ObservedValue.From(answer),
        Hidden = [.. hidden.Select(ObservedValue.From)],
    };

    [Fact]
    public void Spec_expected_answers_are_the_seed_answers()
    {
        // Hand-computed seed answers (issue 2's contract table).
        Assert.Equal(24.0, (double)Ex(1).Expected!, 12);
        Assert.Equal(0.6, (double)Ex(2).Expected!, 12);
        Assert.Equal(725.0, (double)Ex(3).Expected!, 12);
        Assert.Equal(40, Ex(4).Expected);
        Assert.Equal(5.0 / 6, (double)Ex(5).Expected!, 12);
        Assert.Equal(1, (int?)Ex(6).Expected);
        Assert.Equal(6, Ex(7).Expected);
        Assert.Equal(1000L, Ex(8).Expected);
        Assert.Equal(1, (int?)Ex(9).Expected);
        Assert.Equal(10, GradingSpec.Exercises.Count);
        Assert.Equal(Enumerable.Range(1, 10), GradingSpec.Exercises.Select(e => e.Number));
    }

    [Fact]
    public void Hidden_cases_include_the_floating_point_traps()
    {
        // 0.3 / 0.1 must floor to 3; 9 / (3 × 0.6) must ceil to 5; 1e6 × (1 − 0.9999) must floor to 100.
        Assert.Equal(3, Ex(4).HiddenCases[0].Expected);
        Assert.Equal(5, Ex(7).HiddenCases[1].Expected);
        Assert.Equal(100L, Ex(8).HiddenCases[0].Expected);
        Assert.Null(Ex(6).HiddenCases[0].Expected);
        Assert.Null(Ex(9).HiddenCases[0].Expected);
    }

    [Fact]
    public void Hidden_case_calls_are_valid_csharp_literals()
    {
        Assert.Equal("Concurrency(5d, 3d)", Ex(1).HiddenCases[0].Call("Concurrency"));
        Assert.Equal("EndToEndMs(0d, 57d, 200, 8.2d, 3d)", Ex(3).HiddenCases[0].Call("EndToEndMs"));
        Assert.Equal("AllowedFailures(1000000L, 0.9999d)", Ex(8).HiddenCases[0].Call("AllowedFailures"));
        Assert.Equal("BestBatch(new double[] { 100d, 180d, 240d }, new double[] { 200d, 450d, 900d }, 150d)", Ex(6).HiddenCases[0].Call("BestBatch"));
    }

    [Fact]
    public void Correct_answer_and_hidden_cases_earn_full_points()
    {
        var hidden = Ex(1).HiddenCases.Select(h => h.Expected).ToArray();
        var g = Scoring.Grade(Ex(1), Ran(1, 24.0, hidden));
        Assert.Equal(10, g.Points);
        Assert.DoesNotContain(g.Feedback, f => f.StartsWith("Hint", StringComparison.Ordinal));
    }

    [Fact]
    public void Right_answer_by_hard_coding_earns_half()
    {
        // L = 24 typed in, but the function still returns NaN: the hidden cases expose it.
        var g = Scoring.Grade(Ex(1), Ran(1, 24.0, double.NaN, double.NaN, double.NaN));
        Assert.Equal(5, g.Points);
        Assert.Contains(g.Feedback, f => f.Contains("0 of 3 hidden cases", StringComparison.Ordinal));
        Assert.Contains(g.Feedback, f => f.Contains("Hint: Little's law", StringComparison.Ordinal));
    }

    [Fact]
    public void Partial_hidden_cases_earn_partial_credit()
    {
        // Floor with Math.Floor: 32/0.8 happens to give 40 in C#, 0.3/0.1 gives 2, 60/0.7 gives 85, 1.2/0.05 gives 23.
        var g = Scoring.Grade(Ex(4), Ran(4, 40, 2, 85, 23));
        Assert.Equal(5 + (5.0 / 3), g.Points, 2);
        Assert.Contains(g.Feedback, f => f.Contains("MaxRequests(0.3, 0.1): expected 3, found 2", StringComparison.Ordinal));
    }

    [Fact]
    public void Wrong_answer_says_expected_found_and_hint()
    {
        var g = Scoring.Grade(Ex(4), Ran(4, 39, 3, 85, 24));
        Assert.Equal(5.0 / 3 * 3, g.Points, 2);
        Assert.Contains("maxRequests: expected 40, found 39.", g.Feedback);
    }

    [Fact]
    public void Missing_variable_and_wrong_type_are_explained()
    {
        var missing = Scoring.Grade(Ex(2), new NotebookObservation
        {
            Notebook = Ex(2).Notebook,
            Outcome = NotebookOutcome.Ran,
            Answer = ObservedValue.Undefined("the variable rho is not defined"),
        });
        Assert.Equal(0, missing.Points);
        Assert.Contains(missing.Feedback, f => f.Contains("found nothing (the variable rho is not defined)", StringComparison.Ordinal));

        var text = Scoring.Grade(Ex(2), Ran(2, "0.6"));
        Assert.Equal(0, text.Points);
        Assert.Contains(text.Feedback, f => f.Contains("it is a string, not a number", StringComparison.Ordinal));
    }

    [Fact]
    public void Null_is_right_only_when_nothing_fits()
    {
        var hidden = Ex(6).HiddenCases.Select(h => h.Expected).ToArray();
        Assert.Equal(10, Scoring.Grade(Ex(6), Ran(6, 1, hidden)).Points);
        var nullAnswer = Scoring.Grade(Ex(6), Ran(6, null, hidden));
        Assert.Equal(5, nullAnswer.Points);
        Assert.Contains("best: expected 1, found null.", nullAnswer.Feedback);
    }

    [Fact]
    public void Trace_fields_get_partial_credit_per_name_and_lose_for_extras()
    {
        var all = ServingMath.Tracing.RequiredFields.ToArray();
        Assert.Equal(10, Scoring.Grade(Ex(10), Ran(10, all)).Points);
        Assert.Equal(10, Scoring.Grade(Ex(10), Ran(10, all.Reverse().Select(f => f.ToUpperInvariant()).ToList())).Points);
        var n = all.Length;
        var twoMissingOneExtra = all.Skip(2).Append("gpu_temperature").ToArray();
        Assert.Equal(Math.Round(10.0 * (n - 2 - 1) / n, 2), Scoring.Grade(Ex(10), Ran(10, twoMissingOneExtra)).Points);
        Assert.Equal(0, Scoring.Grade(Ex(10), Ran(10, Array.Empty<string>())).Points);
    }

    [Fact]
    public void Notebooks_that_did_not_run_score_zero_with_the_reason()
    {
        var hung = Scoring.Grade(Ex(3), new NotebookObservation
        {
            Notebook = Ex(3).Notebook,
            Outcome = NotebookOutcome.TimedOut,
            Problem = "the notebook did not finish within 60 s and was stopped.",
        });
        Assert.Equal(0, hung.Points);
        Assert.Equal(["the notebook did not finish within 60 s and was stopped."], hung.Feedback);
        var absent = Scoring.Grade(Ex(3), null);
        Assert.Equal(0, absent.Points);
        Assert.Contains("not in the submission", absent.Feedback[0]);
    }

    [Fact]
    public void ForNotebook_finds_exercises_by_file_name_only()
    {
        Assert.Equal(4, GradingSpec.ForNotebook("class/ada lovelace/04-KV-concurrency.ipynb")!.Number);
        Assert.Null(GradingSpec.ForNotebook("notes.ipynb"));
    }

    [Fact]
    public void Unsigned_and_small_integer_answers_are_whole_numbers()
    {
        // Exercise 4's seed answer is 40 and its hidden cases 3, 85, 24 (⌊0.3/0.1⌋, ⌊60/0.7⌋, ⌊1.2/0.05⌋ in exact decimals).
        Assert.Equal(10, Scoring.Grade(Ex(4), Ran(4, 40u, 3u, 85u, 24u)).Points);
        Assert.Equal(10, Scoring.Grade(Ex(4), Ran(4, 40UL, (byte)3, (ushort)85, (sbyte)24)).Points);
        Assert.Equal(10, Scoring.Grade(Ex(4), Ran(4, (nint)40, 3L, (short)85, 24)).Points);
        var wrong = Scoring.Grade(Ex(4), Ran(4, 39u, 3u, 85u, 24u));
        Assert.Equal(5, wrong.Points);
        Assert.Contains("maxRequests: expected 40, found 39.", wrong.Feedback, StringComparer.Ordinal);
        Assert.DoesNotContain(wrong.Feedback, f => f.Contains("not a whole number", StringComparison.Ordinal));
    }
}
