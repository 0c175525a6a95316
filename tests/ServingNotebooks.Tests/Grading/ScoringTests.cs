using ServingNotebooks.Grading;

namespace ServingNotebooks.Tests.Grading;

public class ScoringTests
{
    internal static Exercise Ex(int n) => GradingSpec.Exercises.Single(e => e.Number == n);

    private static NotebookObservation Ran(int n, object? answer, params object?[] hidden) => new()
    {
        Notebook = Ex(n).Notebook,
        Outcome = NotebookOutcome.Ran,
        Values = new Dictionary<string, ObservedValue> { [Ex(n).First.AnswerVariable] = ObservedValue.From(answer) },
        Hidden = [.. hidden.Select(ObservedValue.From)],
    };

    [Fact]
    public void Spec_expected_answers_are_the_seed_answers()
    {
        // Hand-computed seed answers (issue 2's contract table).
        Assert.Equal(24.0, (double)Ex(1).First.Expected!, 12);
        Assert.Equal(0.6, (double)Ex(2).First.Expected!, 12);
        Assert.Equal(725.0, (double)Ex(3).First.Expected!, 12);
        Assert.Equal(40, Ex(4).First.Expected);
        Assert.Equal(5.0 / 6, (double)Ex(5).First.Expected!, 12);
        Assert.Equal(1, (int?)Ex(6).First.Expected);
        Assert.Equal(6, Ex(7).First.Expected);
        Assert.Equal(1000L, Ex(8).First.Expected);
        Assert.Equal(1, (int?)Ex(9).First.Expected);
        // Notebooks 1-10, then the advanced track's (11-15) as they land: numbered in order, each the number its file starts with.
        Assert.Equal(Enumerable.Range(1, 10), GradingSpec.Exercises.Take(10).Select(e => e.Number));
        Assert.Equal(GradingSpec.Exercises.Select(e => e.Number).Order(), GradingSpec.Exercises.Select(e => e.Number));
        Assert.All(GradingSpec.Exercises, e => Assert.StartsWith($"{e.Number:00}-", e.Notebook, StringComparison.Ordinal));
        Assert.Equal(Specs.Exercises.Count, GradingSpec.Exercises.Count);
    }

    [Fact]
    public void Hidden_cases_include_the_floating_point_traps()
    {
        // 0.3 / 0.1 must floor to 3; 9 / (3 × 0.6) must ceil to 5; 1e6 × (1 − 0.9999) must floor to 100.
        Assert.Equal(3, Ex(4).First.HiddenCases[0].Expected);
        Assert.Equal(5, Ex(7).First.HiddenCases[1].Expected);
        Assert.Equal(100L, Ex(8).First.HiddenCases[0].Expected);
        Assert.Null(Ex(6).First.HiddenCases[0].Expected);
        Assert.Null(Ex(9).First.HiddenCases[0].Expected);
    }

    [Fact]
    public void Hidden_case_calls_are_valid_csharp_literals()
    {
        Assert.Equal("Concurrency(5d, 3d)", Ex(1).First.HiddenCases[0].Call("Concurrency"));
        Assert.Equal("EndToEndMs(0d, 57d, 200, 8.2d, 3d)", Ex(3).First.HiddenCases[0].Call("EndToEndMs"));
        Assert.Equal("AllowedFailures(1000000L, 0.9999d)", Ex(8).First.HiddenCases[0].Call("AllowedFailures"));
        Assert.Equal("BestBatch(new double[] { 100d, 180d, 240d }, new double[] { 200d, 450d, 900d }, 150d)", Ex(6).First.HiddenCases[0].Call("BestBatch"));
    }

    /// <summary>Every part answered with the spec's own expected values (data parts resolved from the workbook's data/).</summary>
    internal static NotebookObservation AllRight(Exercise exercise, IReadOnlyList<string>? used = null) => new()
    {
        Notebook = exercise.Notebook,
        Outcome = NotebookOutcome.Ran,
        Values = exercise.Parts.ToDictionary(p => p.AnswerVariable, p => ObservedValue.From(p.Expected)),
        Hidden = [.. exercise.Parts.Where(p => p.FunctionName is not null).SelectMany(p => p.HiddenCases)
            .Select(h => ObservedValue.From(h.Expected) with { AnswerKeyUsed = used ?? [] })],
    };

    internal static Exercise Resolved(int n) => Ex(n).Resolve(Path.Combine(Workbook.Notebooks, "data"));

    [Fact]
    public void Correct_answers_and_hidden_cases_earn_full_points_in_every_part()
    {
        var g = Scoring.Grade(Resolved(1), AllRight(Resolved(1)));
        Assert.Equal(10, g.Points);
        Assert.Equal(["a", "b", "c", "q1", "q2"], g.Parts.Select(p => p.Name));
        Assert.Equal([2.0, 3.0, 3.0, 1.0, 1.0], g.Parts.Select(p => p.Points));
        Assert.True(!g.Feedback.Any(f => f.Contains("Look at", StringComparison.Ordinal) || f.Contains("Formula", StringComparison.Ordinal)), string.Join("\n", g.Feedback));
    }

    [Fact]
    public void Right_answer_by_hard_coding_earns_nothing()
    {
        // L = 24 typed in, but the function still returns NaN: the hidden cases expose it. Parts (b) and (c) are not answered.
        var g = Scoring.Grade(Resolved(1), Ran(1, 24.0, double.NaN, double.NaN, double.NaN));
        Assert.Equal(0, g.Points);  // the answer variable's half counts only when the function holds on a hidden case
        Assert.Equal(0, g.Parts[0].Points);
        Assert.Contains(g.Feedback, f => f.Contains("a hard-coded or special-cased answer earns nothing", StringComparison.Ordinal));
        Assert.Contains(g.Feedback, f => f.Contains("0 of 3 hidden cases", StringComparison.Ordinal));
        Assert.Contains(g.Feedback, f => f.Contains("Look at: L is a count of requests", StringComparison.Ordinal));
    }

    [Fact]
    public void Partial_hidden_cases_earn_partial_credit()
    {
        // Floor with Math.Floor: 32/0.8 happens to give 40 in C#, 0.3/0.1 gives 2, 60/0.7 gives 85, 1.2/0.05 gives 23.
        var g = Scoring.Grade(Ex(4), Ran(4, 40, 2, 85, 23));
        Assert.Equal(1 + (1.0 / 3), g.Points, 2);  // part (a) is worth 2: 1 for the answer, 1/3 per hidden case
        Assert.Contains("(a) Hidden case MaxRequests(0.3, 0.1) = 2: not yet.", g.Feedback);
        Assert.Contains("(a) Formula: " + Ex(4).First.Hint, g.Feedback);
    }

    [Fact]
    public void Wrong_answer_says_what_was_found_then_the_nudge_and_the_formula_never_the_expected_value()
    {
        var g = Scoring.Grade(Ex(4), Ran(4, 39, 3, 85, 24));
        Assert.Equal(1, g.Points, 2);  // the three hidden cases of part (a), 1/3 each
        Assert.Contains("(a) maxRequests = 39: not yet.", g.Feedback);
        Assert.Contains("(a) Look at: Whole requests: round the quotient of the two memories down.", g.Feedback);
        Assert.Contains("(a) Formula: " + Ex(4).First.Hint, g.Feedback);
        Assert.DoesNotContain(g.Feedback, f => f.Contains("40", StringComparison.Ordinal) || f.Contains("expected", StringComparison.Ordinal));

        // The instructor sees the expected value in gradebook.json.
        Assert.Equal([new AnswerMiss("maxRequests", "40", "39")], g.Parts[0].Misses);
        Assert.Contains("\"Expected\": \"40\"", Gradebook.ToJson([new StudentGrade("ada", [g], [])]), StringComparison.Ordinal);
        Assert.DoesNotContain("40", Gradebook.ToMarkdown(new StudentGrade("ada", [g], [])).Split("## 4.")[1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_hidden_case_names_its_inputs_and_what_came_back_not_the_expected_value()
    {
        // EndToEndMs without the post-processing term: the seed answer 720 (not 725) and two hidden cases off.
        var exercise = Ex(3);
        var part = exercise.First;
        var hidden = part.HiddenCases.Select(h => ObservedValue.From((double)h.Expected! - (double)h.Arguments[4])).ToList();
        var grade = Scoring.GradePart(part, ObservedValue.From(720.0), hidden);
        Assert.Contains("total = 720: not yet.", grade.Feedback);
        Assert.Contains("Hidden case EndToEndMs(0, 57, 200, 8.2, 3) = 1697: not yet.", grade.Feedback);
        Assert.Contains("Look at: " + part.Nudge, grade.Feedback);
        foreach (var h in part.HiddenCases.Where(h => (double)h.Arguments[4] != 0))
        {
            var expected = ((double)h.Expected!).ToString("G10", System.Globalization.CultureInfo.InvariantCulture);
            Assert.DoesNotContain(grade.Feedback, f => f.Contains(expected, StringComparison.Ordinal));
            Assert.Contains(grade.Misses, m => m.Expected == expected && m.What.StartsWith("EndToEndMs(", StringComparison.Ordinal));
        }

        Assert.DoesNotContain(grade.Feedback, f => f.Contains("725", StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_variable_and_wrong_type_are_explained()
    {
        var missing = Scoring.Grade(Ex(2), new NotebookObservation
        {
            Notebook = Ex(2).Notebook,
            Outcome = NotebookOutcome.Ran,
            Values = new Dictionary<string, ObservedValue> { ["rho"] = ObservedValue.Undefined("the variable rho is not defined") },
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
        var hidden = Ex(6).First.HiddenCases.Select(h => h.Expected).ToArray();
        Assert.Equal(Ex(6).First.Points, Scoring.Grade(Ex(6), Ran(6, 1, hidden)).Points);   // part (a) only: the other parts are not answered
        var nullAnswer = Scoring.Grade(Ex(6), Ran(6, null, hidden));
        Assert.Equal(Ex(6).First.Points / 2, nullAnswer.Points);
        Assert.Contains("(a) best = null: not yet.", nullAnswer.Feedback);
    }

    /// <summary>
    /// A name-list part (the checklist of trace fields that was notebook 10's part (a) before it became an audit of a
    /// trace), on notebook 10, to test the <see cref="AnswerKind.NameList"/> rules: partial credit, extras, synonyms.
    /// </summary>
    internal static Exercise TraceFieldNames() => Ex(10) with
    {
        Parts =
        [
            Ex(10).First with
            {
                AnswerVariable = "fields",
                Kind = AnswerKind.NameList,
                FunctionName = null,
                Expected = ServingMath.Tracing.RequiredFields.ToArray(),
                NameSynonyms = ServingMath.Tracing.FieldSynonyms,
                OffLimits = [],
                VisibleCases = [],
                HiddenCases = [],
                Hint = "A trace must let you rebuild each request's latency budget: queue, prefill/TTFT, TPOT, tokens, status and fallback.",
            },
            .. Ex(10).Parts.Skip(1),
        ],
    };

    [Fact]
    public void Trace_fields_get_partial_credit_per_name_and_lose_for_extras()
    {
        var exercise = TraceFieldNames();
        NotebookObservation Answered(object answer) => new()
        {
            Notebook = exercise.Notebook,
            Outcome = NotebookOutcome.Ran,
            Values = new Dictionary<string, ObservedValue> { ["fields"] = ObservedValue.From(answer) },
        };
        var all = ServingMath.Tracing.RequiredFields.ToArray();
        var full = exercise.First.Points;   // part (a) only: the other parts are not answered
        Assert.Equal(full, Scoring.Grade(exercise, Answered(all)).Points);
        Assert.Equal(full, Scoring.Grade(exercise, Answered(all.Reverse().Select(f => f.ToUpperInvariant()).ToList())).Points);
        var n = all.Length;
        var twoMissingOneExtra = all.Skip(2).Append("gpu_temperature").ToArray();
        Assert.Equal(Math.Round(full * (n - 2 - 1) / n, 2), Scoring.Grade(exercise, Answered(twoMissingOneExtra)).Points);
        Assert.Equal(0, Scoring.Grade(exercise, Answered(Array.Empty<string>())).Points);
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
    public void A_part_whose_function_ran_its_answer_key_earns_zero_with_write_it_yourself()
    {
        var exercise = Resolved(1);
        var g = Scoring.Grade(exercise, AllRight(exercise, used: ["Queueing.LittlesLaw"]));

        // Only part (a) lists Queueing.LittlesLaw; (b), (c) and the two concept questions keep their points.
        Assert.Equal([0.0, 3.0, 3.0, 1.0, 1.0], g.Parts.Select(p => p.Points));
        Assert.Equal(8, g.Points);
        Assert.Contains("(a) write it yourself: Queueing.LittlesLaw is the answer key. Concurrency may use the library's building blocks, not the member that computes this part's answer.", g.Feedback);

        // A building block that no part lists is fine.
        Assert.Equal(10, Scoring.Grade(exercise, AllRight(exercise, used: ["Queueing.Utilization"])).Points);
    }

    [Fact]
    public void Placeholders_read_not_answered_yet_never_wrong()
    {
        var nan = Scoring.Grade(Resolved(1), Ran(1, double.NaN, double.NaN, double.NaN, double.NaN));
        Assert.Equal(0, nan.Points);
        Assert.Contains("(a) L: not answered yet (still the starter's NaN).", nan.Feedback);
        Assert.Contains("(a) Hidden case Concurrency(5, 3): not answered yet (still the starter's NaN).", nan.Feedback);
        Assert.Contains("(b) maxAnswer: found nothing.", nan.Feedback);

        // A part with nothing answered gets what to look at, not the formula; no line says "wrong" or shows an expected value.
        Assert.Contains("(a) Look at: " + Ex(1).First.Nudge, nan.Feedback);
        Assert.DoesNotContain(nan.Feedback, f => f.StartsWith("(a) Formula", StringComparison.Ordinal));
        Assert.DoesNotContain(nan.Feedback, f => f.Contains("wrong", StringComparison.OrdinalIgnoreCase) || f.Contains("expected", StringComparison.Ordinal));

        var minusOne = Scoring.Grade(Ex(4), Ran(4, -1, -1, -1, -1));
        Assert.Contains("(a) maxRequests: not answered yet (still the starter's -1).", minusOne.Feedback);
        Assert.DoesNotContain(minusOne.Feedback, f => f.Contains("40", StringComparison.Ordinal));
    }

    [Fact]
    public void Predictions_are_reported_not_graded_and_the_gradebook_lists_every_part()
    {
        var exercise = Resolved(1);
        var seen = AllRight(exercise);
        var withPrediction = seen with { Values = new Dictionary<string, ObservedValue>(seen.Values) { ["predictedL"] = ObservedValue.From(30.0) } };
        var g = Scoring.Grade(exercise, withPrediction);
        Assert.Equal(10, g.Points);
        Assert.Equal(30.0, g.Predictions.Single().Value);
        Assert.Contains(g.Feedback, f => f.StartsWith("Prediction predictedL = 30 (", StringComparison.Ordinal) && f.EndsWith("not graded).", StringComparison.Ordinal));
        Assert.Null(Scoring.Grade(exercise, seen).Predictions.Single().Value);

        var json = Gradebook.ToJson([new StudentGrade("ada", [g], [withPrediction])]);
        using var document = System.Text.Json.JsonDocument.Parse(json);
        var parts = document.RootElement.GetProperty("Students")[0].GetProperty("Exercises")[0].GetProperty("Parts");
        Assert.Equal(5, parts.GetArrayLength());   // (a), (b), (c), q1, q2
        Assert.Equal("q1", parts[3].GetProperty("Name").GetString());
        Assert.Equal("b", parts[1].GetProperty("Name").GetString());
        Assert.Equal(3, parts[1].GetProperty("Points").GetDouble());
        Assert.Equal(3, parts[1].GetProperty("MaxPoints").GetDouble());
        Assert.Contains("The longest answer a slot limit can carry", parts[1].GetProperty("Title").GetString(), StringComparison.Ordinal);
        Assert.Contains("| (c) L over a window that cuts requests in two | 3 / 3 |", Gradebook.ToMarkdown(new StudentGrade("ada", [g], [])), StringComparison.Ordinal);
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
        // These observations answer part (a) only: its full 2 points (parts 2 + 3 + 3, questions 1 + 1).
        Assert.Equal(2, Scoring.Grade(Ex(4), Ran(4, 40u, 3u, 85u, 24u)).Points);
        Assert.Equal(2, Scoring.Grade(Ex(4), Ran(4, 40UL, (byte)3, (ushort)85, (sbyte)24)).Points);
        Assert.Equal(2, Scoring.Grade(Ex(4), Ran(4, (nint)40, 3L, (short)85, 24)).Points);
        var wrong = Scoring.Grade(Ex(4), Ran(4, 39u, 3u, 85u, 24u));
        Assert.Equal(1, wrong.Points); // part (a): the hidden half of its 2 points, nothing for the wrong seed answer
        Assert.Contains("(a) maxRequests = 39: not yet.", wrong.Feedback, StringComparer.Ordinal);
        Assert.DoesNotContain(wrong.Feedback, f => f.Contains("not a whole number", StringComparison.Ordinal));
    }
}
