namespace ServingNotebooks.Exercises.Tests;

/// <summary>The specs' shape (the exercise format's rules) and visible cases checked against hand computations.</summary>
public class SpecTests
{
    public static TheoryData<int> Numbers => [.. Specs.Exercises.Select(e => e.Number)];

    [Theory]
    [MemberData(nameof(Numbers))]
    public void Points_rise_with_difficulty_and_each_notebook_keeps_ten(int number)
    {
        var exercise = Specs.Exercise(number);
        var parts = exercise.Parts.Where(p => p.Question is null).ToList();
        Assert.Equal(["a", "b", "c"], parts.Select(p => p.Name));
        Assert.True(parts[0].Points <= parts[1].Points && parts[1].Points <= parts[2].Points, $"notebook {number}: {string.Join(", ", parts.Select(p => p.Points))}");
        Assert.Equal(10, exercise.Points);
    }

    [Theory]
    [MemberData(nameof(Numbers))]
    public void Every_part_with_a_function_has_at_least_two_visible_cases_unlike_the_notebooks_inputs(int number)
    {
        foreach (var part in Specs.Exercise(number).Parts.Where(p => p.FunctionName is not null))
        {
            Assert.True(part.VisibleCases.Count >= 2, $"{number}({part.Name}) has {part.VisibleCases.Count} visible cases");
            Assert.Equal(part.VisibleCases.Count, part.VisibleCases.Select(v => v.Describe()).Distinct().Count());
            Assert.Empty(part.HiddenCases);  // the grader's, never in the library the notebooks load
        }
    }

    [Theory]
    [MemberData(nameof(Numbers))]
    public void Each_notebook_ends_with_two_or_three_concept_questions_whose_only_right_option_has_no_why_not(int number)
    {
        var questions = Specs.Exercise(number).Questions.ToList();
        Assert.InRange(questions.Count, 2, 3);
        foreach (var part in questions)
        {
            var question = part.Question!;
            Assert.Equal(AnswerKind.Choice, part.Kind);
            Assert.Equal(part.Name, part.AnswerVariable);
            var right = (string)part.Expected!;
            Assert.InRange(right[0] - 'a', 0, question.Options.Count - 1);
            for (var i = 0; i < question.Options.Count; i++)
            {
                var isRight = ConceptQuestion.Letter(i) == right;
                Assert.True(isRight == (question.Options[i].WhyNot.Length == 0), $"{number}({part.Name}) option {ConceptQuestion.Letter(i)}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Numbers))]
    public void Every_part_has_a_visible_case_whose_answer_differs_from_the_notebooks_so_a_constant_fails(int number)
    {
        var exercise = Specs.Exercise(number).Resolve(Path.Combine(AppContext.BaseDirectory, "data"));
        foreach (var part in exercise.Parts.Where(p => p.FunctionName is not null))
        {
            Assert.True(
                part.VisibleCases.Any(v => !Checks.Matches(part.Kind, v.Expected, part.Expected, part.Tolerance)),
                $"{number}({part.Name}): every visible case has the notebook's answer {Checks.Show(part.Expected)}");
        }
    }

    [Fact]
    public void Visible_cases_match_hand_computations()
    {
        // 4(a): 32.8 GB / 0.8 GB = 41 requests as written; 10 / 3 = 3.33 → 3.
        Assert.Equal<object?>([41, 3], Specs.Exercise(4).Part("a").VisibleCases.Select(v => v.Expected));
        // 1(a): 20 req/s × 1.5 s = 30; 0.2 × 45 = 9.
        Assert.Equal([30, 9], Specs.Exercise(1).Part("a").VisibleCases.Select(v => (double)v.Expected!), new ToleranceComparer(1e-12));
        // 7(a): ⌈9 / (1.2 × 0.75)⌉ = ⌈10⌉ = 10 as written; ⌈50 / 24⌉ = 3.
        Assert.Equal<object?>([10, 3], Specs.Exercise(7).Part("a").VisibleCases.Select(v => v.Expected));
        // 8(a): ⌊10 000 × 0.001⌋ = 10; ⌊100 000 × 0.0005⌋ = 50 as written.
        Assert.Equal<object?>([10L, 50L], Specs.Exercise(8).Part("a").VisibleCases.Select(v => (object?)Convert.ToInt64(v.Expected, System.Globalization.CultureInfo.InvariantCulture)));
        // 10(b): p90 of [1..5]: h = 4 × 0.9 = 3.6 → 4 + 0.6 × 1 = 4.6; p0 of [8, 2] = 2.
        Assert.Equal([4.6, 2], Specs.Exercise(10).Part("b").VisibleCases.Select(v => (double)v.Expected!), new ToleranceComparer(1e-12));
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
