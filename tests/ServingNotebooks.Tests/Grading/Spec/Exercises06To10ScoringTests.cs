using ServingNotebooks.Grading;

namespace ServingNotebooks.Tests.Grading.Spec;

/// <summary>Grading notebooks 6–10 part by part: full marks for the spec's own answers, and the index-list and synonym rules.</summary>
public sealed class Exercises06To10ScoringTests
{
    public static TheoryData<int> Numbers => [6, 7, 8, 9, 10];

    [Theory]
    [MemberData(nameof(Numbers))]
    public void The_specs_own_answers_earn_ten_points_in_parts_of_2_3_and_3_and_two_questions_of_1(int number)
    {
        var exercise = ScoringTests.Resolved(number);
        var grade = Scoring.Grade(exercise, ScoringTests.AllRight(exercise));
        Assert.True(grade.Points == 10, string.Join("\n", grade.Feedback));
        Assert.Equal(["a", "b", "c", "q1", "q2"], grade.Parts.Select(p => p.Name));
        Assert.Equal([2.0, 3.0, 3.0, 1.0, 1.0], grade.Parts.Select(p => p.Points));
    }

    [Fact]
    public void An_index_list_must_match_in_order_and_null_is_not_answered_yet()
    {
        var part = ScoringTests.Resolved(6).Part("b");
        var right = (int[])part.Expected!;
        Assert.Equal(3, Scoring.GradePart(part, ObservedValue.From(right), Hidden(part)).Points);

        var reversed = Scoring.GradePart(part, ObservedValue.From(right.Reverse().ToArray()), Hidden(part));
        Assert.Equal(1.5, reversed.Points);   // the hidden cases still pass: half the part
        Assert.Contains(reversed.Feedback, line => line.StartsWith($"front = [{string.Join(", ", right.Reverse())}]: not yet.", StringComparison.Ordinal));
        Assert.DoesNotContain(reversed.Feedback, line => line.Contains($"[{string.Join(", ", right)}]", StringComparison.Ordinal));

        var placeholder = Scoring.GradePart(part, ObservedValue.From(null), Hidden(part));
        Assert.Contains(placeholder.Feedback, line => line.Contains("not answered yet", StringComparison.Ordinal));

        var wrongType = Scoring.GradePart(part, ObservedValue.From(3.0), Hidden(part));
        Assert.Contains(wrongType.Feedback, line => line.Contains("not a list of indexes", StringComparison.Ordinal));
    }

    [Fact]
    public void A_part_whose_function_ran_its_answer_key_earns_zero()
    {
        var part = ScoringTests.Resolved(6).Part("b");
        var used = Hidden(part).Select(h => h with { AnswerKeyUsed = ["Batching.ParetoFront"] }).ToList();
        var grade = Scoring.GradePart(part, ObservedValue.From(part.Expected), used);
        Assert.Equal(0, grade.Points);
        Assert.Contains(grade.Feedback, line => line.Contains("write it yourself: Batching.ParetoFront is the answer key", StringComparison.Ordinal));
    }

    [Fact]
    public void Trace_fields_named_the_vllm_or_opentelemetry_way_count_as_the_workbooks()
    {
        var part = ScoringTests.TraceFieldNames().Part("a");
        string[] mixed =
        [
            "request_id", "arrival_s", "vllm:request_queue_time_seconds", "prefill_ms", "gen_ai.server.time_to_first_token",
            "vllm:request_time_per_output_token_seconds", "gen_ai.usage.input_tokens", "output_tokens", "e2e_ms", "error.type", "fallback_path",
        ];
        Assert.Equal(2, Scoring.GradePart(part, ObservedValue.From(mixed), []).Points);   // part (a) is worth 2

        // An undocumented name is still not one: decode_ms instead of tpot_ms loses a name and costs an extra one.
        string[] wrong = [.. mixed.Where(n => n != "vllm:request_time_per_output_token_seconds"), "decode_ms"];
        var grade = Scoring.GradePart(part, ObservedValue.From(wrong), []);
        Assert.Equal(2 * 9 / 11.0, grade.Points, 2);  // part (a) is worth 2
        // Which question lacks a field (question 6: the time per token), never the missing name itself.
        Assert.Contains(grade.Feedback, line => line.Contains("nothing yet for question 6", StringComparison.Ordinal));
        Assert.DoesNotContain(grade.Feedback, line => line.Contains("tpot_ms", StringComparison.Ordinal));
    }

    private static List<ObservedValue> Hidden(ExercisePart part) =>
        [.. part.HiddenCases.Select(h => ObservedValue.From(h.Expected) with { AnswerKeyUsed = [] })];
}
