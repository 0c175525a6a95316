using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ServingNotebooks.Grading.Platforms;

/// <summary>One test case of Gradescope's <c>results.json</c>.</summary>
/// <param name="Name">The test's name, e.g. "1(a). Little's law (01-littles-law.ipynb)".</param>
/// <param name="Number">Gradescope's ordering label, e.g. "1.a".</param>
/// <param name="Score">Points earned.</param>
/// <param name="MaxScore">Points available.</param>
/// <param name="Status">"passed" (full marks) or "failed".</param>
/// <param name="Output">The feedback, Markdown (the same lines as the student's feedback file).</param>
/// <param name="Visibility">When students see it: hidden, after_due_date, after_published or visible.</param>
public sealed record GradescopeTest(string Name, string Number, double Score, double MaxScore, string Status, string Output, string Visibility);

/// <summary>
/// Gradescope's <c>results.json</c>, as its autograder specification describes it (gradescope/autograder_samples,
/// docs/specs.md, "Output format"; gradescope-autograders.readthedocs.io/en/latest/specs/): a top-level <c>score</c> (which
/// overrides the sum of the tests), <c>execution_time</c> in seconds, <c>output</c> with its <c>output_format</c>, the
/// <c>stdout_visibility</c>, and one test per graded item.
/// </summary>
/// <param name="Score">The total score.</param>
/// <param name="ExecutionTime">Seconds the grading took (whole seconds, as Gradescope shows it).</param>
/// <param name="Output">Text about the whole submission: the total and the notes about the files.</param>
/// <param name="OutputFormat">"md": every <c>output</c> is Markdown.</param>
/// <param name="StdoutVisibility">Who sees the autograder's standard output: "hidden" (instructors only, Gradescope's default).</param>
/// <param name="Tests">One test per exercise part ("1.a", "1.b", …; one per exercise for an exercise with a single part).</param>
public sealed record GradescopeResults(double Score, int ExecutionTime, string Output, string OutputFormat, string StdoutVisibility, IReadOnlyList<GradescopeTest> Tests)
{
    /// <summary>Gradescope's visibility values.</summary>
    public static IReadOnlyList<string> Visibilities { get; } = ["hidden", "after_due_date", "after_published", "visible"];

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>The results of one graded student.</summary>
    /// <param name="student">The student's grades (the same record the local gradebook writes).</param>
    /// <param name="exercises">The exercises graded.</param>
    /// <param name="elapsed">How long grading took.</param>
    /// <param name="hiddenCaseVisibility">The visibility of tests whose points depend on hidden cases (default after_published).</param>
    /// <param name="problems">Lines about the submission as a whole that the grader reported (no notebooks found, …).</param>
    public static GradescopeResults From(StudentGrade student, IReadOnlyList<Exercise> exercises, TimeSpan elapsed, string hiddenCaseVisibility = "after_published", IReadOnlyList<string>? problems = null)
    {
        ArgumentNullException.ThrowIfNull(student);
        ArgumentNullException.ThrowIfNull(exercises);
        CheckVisibility(hiddenCaseVisibility);
        var tests = GradeItem.Of(student, exercises)
            .Select(i => new GradescopeTest(i.Name, i.Number, i.Points, i.MaxPoints, i.Passed ? "passed" : "failed", i.Markdown, i.HasHiddenCases ? hiddenCaseVisibility : "visible"))
            .ToList();
        var output = new StringBuilder();
        output.Append("**Total: ").Append(CsvText.Number(student.Total)).Append(" / ").Append(CsvText.Number(student.MaxTotal)).Append("**\n");
        var notes = (problems ?? []).Concat(student.Notes).ToList();
        if (notes.Count > 0)
        {
            output.Append("\n## About the submission\n\n");
            foreach (var note in notes)
            {
                output.Append("- ").Append(note.ReplaceLineEndings(" ")).Append('\n');
            }
        }

        return new GradescopeResults(student.Total, (int)Math.Ceiling(elapsed.TotalSeconds), output.ToString(), "md", "hidden", tests);
    }

    /// <summary>Results for a submission that could not be graded at all: score 0, and why, for the student.</summary>
    /// <param name="why">One line for the student.</param>
    /// <param name="elapsed">How long it took.</param>
    public static GradescopeResults Failure(string why, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(why);
        return new GradescopeResults(0, (int)Math.Ceiling(elapsed.TotalSeconds), $"**Not graded:** {why.ReplaceLineEndings(" ")}\n", "md", "hidden", []);
    }

    /// <summary>Throws when <paramref name="visibility"/> is not one of Gradescope's values.</summary>
    /// <param name="visibility">The value to check.</param>
    public static void CheckVisibility(string visibility)
    {
        if (!Visibilities.Contains(visibility))
        {
            throw new ArgumentException($"visibility must be one of {string.Join(", ", Visibilities)} (Gradescope's values), not '{visibility}'", nameof(visibility));
        }
    }

    /// <summary>The JSON text Gradescope reads.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);
}
