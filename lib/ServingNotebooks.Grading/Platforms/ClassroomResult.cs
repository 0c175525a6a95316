using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ServingNotebooks.Grading.Platforms;

/// <summary>One test of a GitHub Classroom runner result.</summary>
/// <param name="Name">The test's name.</param>
/// <param name="Status">"pass" or "fail".</param>
/// <param name="Score">Points earned (the reporter adds these up).</param>
/// <param name="Message">The feedback lines (Markdown).</param>
/// <param name="TestCode">What was run.</param>
/// <param name="Filename">The notebook.</param>
/// <param name="LineNo">0: a notebook has no line to point at.</param>
/// <param name="Duration">Milliseconds.</param>
public sealed record ClassroomTest(string Name, string Status, double Score, string Message, string TestCode, string Filename, int LineNo, long Duration);

/// <summary>
/// The result one grading step hands to GitHub Classroom's reporter (classroom-resources/autograding-grading-reporter): the
/// JSON its runners (autograding-command-grader, -io-grader, -python-grader) put, base64-encoded, in their step output
/// <c>result</c>: <c>version</c> 1, <c>status</c> "pass"/"fail"/"error", <c>max_score</c>, and <c>tests</c> whose <c>score</c>s
/// the reporter sums into the points it sends to Classroom (its notify-classroom.js: "Points {total}/{max}"). One result per
/// exercise step, so partial credit reaches Classroom although each step is a single command.
/// </summary>
/// <param name="Version">1, the reporter's format version.</param>
/// <param name="Status">"pass" (full marks), "fail" (less), or "error" (nothing could be graded).</param>
/// <param name="MaxScore">Points available.</param>
/// <param name="Tests">One test per graded item.</param>
public sealed record ClassroomResult(int Version, string Status, double MaxScore, IReadOnlyList<ClassroomTest> Tests)
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>Points earned: what the reporter adds up.</summary>
    public double Score => Tests.Sum(t => t.Score);

    /// <summary>The result of one exercise of one student's grades.</summary>
    /// <param name="student">The student's grades (the same record the local gradebook writes).</param>
    /// <param name="exercises">The exercises graded (one, for a Classroom step).</param>
    /// <param name="elapsed">How long grading took.</param>
    public static ClassroomResult From(StudentGrade student, IReadOnlyList<Exercise> exercises, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(student);
        ArgumentNullException.ThrowIfNull(exercises);
        var items = GradeItem.Of(student, exercises);
        var notes = string.Concat(student.Notes.Select(n => "- " + n.ReplaceLineEndings(" ") + "\n"));
        var tests = items.Select(i => new ClassroomTest(
            i.Name, i.Passed ? "pass" : "fail", i.Points, notes + i.Markdown, $"servingbook grade --exercise {i.Number}",
            student.Exercises.First(e => e.Number.ToString(System.Globalization.CultureInfo.InvariantCulture) == i.Number.Split('.')[0]).Notebook, 0,
            (long)elapsed.TotalMilliseconds)).ToList();
        return new ClassroomResult(1, tests.All(t => t.Status == "pass") ? "pass" : "fail", items.Sum(i => i.MaxPoints), tests);
    }

    /// <summary>A result for a step that could not grade anything: status "error", score 0, and why.</summary>
    /// <param name="exerciseName">The exercise's test name.</param>
    /// <param name="maxScore">Points available.</param>
    /// <param name="why">One line for the student.</param>
    public static ClassroomResult Error(string exerciseName, double maxScore, string why) =>
        new(1, "error", maxScore, [new ClassroomTest(exerciseName, "error", 0, why, string.Empty, string.Empty, 0, 0)]);

    /// <summary>The JSON text.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>The JSON, base64-encoded, as the reporter reads it from <c>steps.&lt;id&gt;.outputs.result</c>.</summary>
    public string ToBase64() => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(ToJson()));
}
