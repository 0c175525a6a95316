using static ServingNotebooks.Exercises.Notebook;

namespace ServingNotebooks.Exercises.Tests;

/// <summary>Concept questions and predictions as a learner meets them in a notebook.</summary>
public class ConceptQuestionAndPredictionTests
{
    [Fact]
    public void An_unanswered_question_shows_its_prompt_and_options_and_no_verdict()
    {
        var question = Specs.Exercise(7).Part("q1").Question!;
        var shown = Answer(7, "q1", "");
        Assert.False(shown.Answered);
        Assert.Contains(question.Prompt, shown.Message, StringComparison.Ordinal);
        Assert.Contains($"(a) {question.Options[0].Text}", shown.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(question.Explanation, shown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_right_answer_shows_the_explanation_and_a_wrong_one_why_that_option_fails_without_the_right_letter()
    {
        var question = Specs.Exercise(7).Part("q1").Question!;  // answer (a): percentiles do not average
        var right = Answer(7, "q1", " A ");
        Assert.True(right.Passed);
        Assert.Contains(question.Explanation, right.Message, StringComparison.Ordinal);

        var picked = Answer(7, "q1", 'b');
        Assert.False(picked.Passed);
        Assert.Contains(question.Options[1].WhyNot, picked.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(question.Explanation, picked.Message, StringComparison.Ordinal);
        Assert.Contains("not one of the options (a, b, c)", Answer(7, "q1", "z").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_blank_prediction_asks_for_the_prediction_first_and_shows_nothing_of_the_result()
    {
        var blank = Prediction(4, "predictedPagingGain", double.NaN, 15.84);
        Assert.StartsWith("Predict first", blank, StringComparison.Ordinal);
        Assert.DoesNotContain("15", blank, StringComparison.Ordinal);
    }

    [Fact]
    public void A_written_prediction_says_how_far_off_it_is_and_points_to_the_reason()
    {
        // 30 against 24: (30 − 24) / 24 = 25 % too high, by hand (percent as the invariant culture writes it).
        var spec = Specs.Exercise(1).FindPrediction("predictedL")!;
        Assert.Equal($"predictedL: you predicted 30 requests; the result is 24 requests (25 % too high). Why: {spec.Reason}", Prediction(1, "predictedL", 30, 24));
        Assert.Equal("predictedL: you predicted 25 requests; the result is 24 requests — within 10 %, well predicted.", Prediction(1, "predictedL", 25, 24));
        Assert.Contains("asks for no prediction named predictedX", Assert.Throws<ArgumentException>(() => Prediction(1, "predictedX", 1, 1)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_prediction_of_a_percentage_is_off_by_percentage_points_not_by_a_percentage_of_it()
    {
        // Notebook 11 as a learner met it in Jupyter: 50 % predicted, 29.03 % simulated. 50 − 29.03 = 20.97 points, by
        // hand; the relative gap (50 − 29.03) / 29.03 = 72 % is what the cell used to say, and it read as a hit rate.
        var spec = Specs.Exercise(11).FindPrediction("predictedRoundRobinHitRate")!;
        Assert.Equal(
            $"predictedRoundRobinHitRate: you predicted 50 %; the result is 29.03 % (20.97 percentage points too high). Why: {spec.Reason}",
            Prediction(11, "predictedRoundRobinHitRate", 50, 29.03));
        Assert.Contains("(9.5 percentage points too low)", Prediction(15, "predictedGpuHoursSaved", 20, 29.5), StringComparison.Ordinal);
    }

    [Fact]
    public void A_blank_prediction_names_the_variable_before_the_question_so_the_unit_does_not_run_into_it()
    {
        // The question ends with its unit ("…, %"); "…, % in predictedRoundRobinHitRate" read as one phrase in Jupyter.
        var spec = Specs.Exercise(11).FindPrediction("predictedRoundRobinHitRate")!;
        Assert.StartsWith($"Predict first: write your guess in predictedRoundRobinHitRate (its cell above) — {spec.Question} — run that cell",
            Prediction(11, "predictedRoundRobinHitRate", double.NaN, 29.03), StringComparison.Ordinal);
    }

    [Fact]
    public void A_prediction_off_by_more_than_twice_says_by_what_factor_and_shows_large_numbers_in_full()
    {
        // Notebook 14 as a learner met it in Jupyter: 200 ms predicted, 145 505.7 ms simulated. It said
        // "1.455E+05 ms (100 % too low)". By hand: 145 505.7 / 200 = 727.5 → "a factor of 728"; shown as 145,506 ms.
        var spec = Specs.Exercise(14).FindPrediction("predictedUserP99TtftMs")!;
        Assert.Equal(
            $"predictedUserP99TtftMs: you predicted 200 ms; the result is 145,506 ms (a factor of 728 too low). Why: {spec.Reason}",
            Prediction(14, "predictedUserP99TtftMs", 200, 145_505.7));

        // Notebook 12: 10 ms against 3.443 ms, 10 / 3.443 = 2.904… → "a factor of 2.9 too high" (it said "190 % too high").
        Assert.Contains("(a factor of 2.9 too high)", Prediction(12, "predictedLightTpotMs", 10, 3.443), StringComparison.Ordinal);

        // Within a factor of 2 the relative gap stays: 2 against 3.001 is (3.001 − 2) / 3.001 = 33 % too low.
        Assert.Contains("the result is 3.001 × (33 % too low)", Prediction(13, "predictedSpeedup", 2, 3.001), StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_options_why_not_never_restates_the_right_option()
    {
        // Tried in Jupyter: 13 q1 (a) said "Only the weight read halves; the KV read …, the all-reduces and the fixed
        // overhead do not" — option (c) in other words, shown on the first wrong try. The rule checked here: no "why not"
        // shares a run of four or more words with the right option's text (words: letters and digits, any case).
        static string[] Words(string text) => [.. System.Text.RegularExpressions.Regex.Matches(text.ToLowerInvariant(), @"[\p{L}\p{N}]+").Select(m => m.Value)];
        static bool ShareFourWords(string[] a, string[] b) =>
            Enumerable.Range(0, Math.Max(0, a.Length - 3)).Any(i => Enumerable.Range(0, Math.Max(0, b.Length - 3)).Any(j => a.Skip(i).Take(4).SequenceEqual(b.Skip(j).Take(4))));

        // The rule itself, on the text that broke it and on one that does not.
        Assert.True(ShareFourWords(Words("Only the weight read halves; the KV read does not."), Words("It falls by less than half: the weight read halves, …")));
        Assert.False(ShareFourWords(Words("Half of which bytes?"), Words("It falls by less than half: the weight read halves, …")));

        var restating = new List<string>();
        foreach (var exercise in Specs.Exercises)
        {
            foreach (var part in exercise.Parts.Where(p => p.Question is { Options.Count: > 0 }))
            {
                var options = part.Question!.Options;
                var right = options[((string)part.Expected!)[0] - 'a'];
                restating.AddRange(options.Where(o => o.WhyNot.Length > 0 && ShareFourWords(Words(o.WhyNot), Words(right.Text)))
                    .Select(o => $"{exercise.Number} {part.Name}: \"{o.WhyNot}\" restates \"{right.Text}\""));
            }
        }

        Assert.Empty(restating);
    }
}
