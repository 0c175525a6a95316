using System.Text.Json;
using ServingNotebooks.Grading;
using ServingNotebooks.Grading.Platforms;

namespace ServingNotebooks.Tests.Platforms;

/// <summary>results.json from a student's grades: Gradescope's fields, the feedback file's words, visibility of hidden cases.</summary>
public sealed class GradescopeResultsTests
{
    private static readonly StudentGrade Ada = PlatformFiles.Grade(
        "ada@uni.example",
        (1, 10, ["L = 24 ✔", "3 of 3 hidden cases of Concurrency passed."]),
        (10, 6.67, ["fields: nothing yet for question 5", "Look at: one field per question"])) with
    { Notes = ["notes.txt is not one of the exercises' notebooks; it was not graded"] };

    private static readonly IReadOnlyList<Exercise> Exercises = GradingSpec.Exercises;

    private static JsonElement Json(GradescopeResults results) => JsonDocument.Parse(results.ToJson()).RootElement;

    [Fact]
    public void The_score_is_the_total_and_each_test_is_one_exercise()
    {
        var json = Json(GradescopeResults.From(Ada, Exercises, TimeSpan.FromSeconds(12.2)));
        Assert.Equal(16.67, json.GetProperty("score").GetDouble(), 10);
        Assert.Equal(13, json.GetProperty("execution_time").GetInt32());
        var tests = json.GetProperty("tests").EnumerateArray().ToList();
        Assert.Equal(["1", "10"], tests.Select(t => t.GetProperty("number").GetString()));
        Assert.Equal([10, 6.67], tests.Select(t => t.GetProperty("score").GetDouble()));
        Assert.Equal([10, 10], tests.Select(t => t.GetProperty("max_score").GetDouble()));
        Assert.Equal(["passed", "failed"], tests.Select(t => t.GetProperty("status").GetString()));
        Assert.StartsWith("1. ", tests[0].GetProperty("name").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("(01-littles-law.ipynb)", tests[0].GetProperty("name").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Each_tests_output_is_the_feedback_files_section_for_that_exercise()
    {
        var markdown = Gradebook.ToMarkdown(Ada);
        var results = GradescopeResults.From(Ada, Exercises, TimeSpan.Zero);
        foreach (var (test, exercise) in results.Tests.Zip(Ada.Exercises))
        {
            Assert.Contains($"## {exercise.Number}. {exercise.Notebook}\n\n{test.Output}", markdown, StringComparison.Ordinal);
        }

        Assert.Equal("- L = 24 ✔\n- 3 of 3 hidden cases of Concurrency passed.\n", results.Tests[0].Output);
        Assert.Contains("- notes.txt is not one of the exercises' notebooks", results.Output, StringComparison.Ordinal);
        Assert.Equal("md", results.OutputFormat);
        Assert.Equal("hidden", results.StdoutVisibility);
    }

    [Fact]
    public void Tests_with_hidden_cases_are_after_published_by_default_and_the_checklist_is_visible()
    {
        // Exercise 1 calls the student's function on hidden inputs; so does exercise 10, every part of it (a grade without a
        // part breakdown is one test for the whole exercise): even its part (a), the audit of a collector's export, is a function.
        var results = GradescopeResults.From(Ada, Exercises, TimeSpan.Zero);
        Assert.Equal(["after_published", "after_published"], results.Tests.Select(t => t.Visibility));
        Assert.Equal("BrokenRecords", Exercises.Single(e => e.Number == 10).Parts[0].FunctionName);
        Assert.Equal(["visible", "visible"], GradescopeResults.From(Ada, Exercises, TimeSpan.Zero, "visible").Tests.Select(t => t.Visibility));
    }

    [Fact]
    public void A_visibility_Gradescope_does_not_know_is_refused_with_its_values()
    {
        var e = Assert.Throws<ArgumentException>(() => GradescopeResults.From(Ada, Exercises, TimeSpan.Zero, "later"));
        Assert.Contains("hidden, after_due_date, after_published, visible", e.Message, StringComparison.Ordinal);
        Assert.Contains("'later'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_json_follows_the_schema_written_from_Gradescopes_spec()
    {
        GradescopeSchema.AssertValid(GradescopeResults.From(Ada, Exercises, TimeSpan.FromSeconds(3)).ToJson());
        GradescopeSchema.AssertValid(GradescopeResults.Failure("no notebook was found", TimeSpan.FromSeconds(1)).ToJson());
    }

    [Theory]
    [InlineData("""{"score": 1, "execution_time": 1, "output": "", "output_format": "md", "stdout_visibility": "hidden", "tests": [{"name": "a", "number": "1", "score": 1, "max_score": 1, "status": "ok", "output": "", "visibility": "visible"}]}""")]
    [InlineData("""{"score": 1, "execution_time": 1, "output": "", "output_format": "md", "stdout_visibility": "sometimes", "tests": []}""")]
    [InlineData("""{"execution_time": 1, "output": "", "output_format": "md", "stdout_visibility": "hidden", "tests": []}""")]
    [InlineData("""{"score": "10", "execution_time": 1, "output": "", "output_format": "md", "stdout_visibility": "hidden", "tests": []}""")]
    public void The_schema_rejects_what_Gradescope_would_not_read(string json) => Assert.False(GradescopeSchema.IsValid(json));
}
