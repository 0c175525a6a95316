namespace ServingNotebooks.Grading.Platforms;

/// <summary>
/// One graded item as a platform shows it: a Gradescope test, a GitHub Classroom test. One per exercise; the platform views
/// are all built from these, so each shows the same points and the same feedback lines as <c>feedback/&lt;student&gt;.md</c>.
/// </summary>
/// <param name="Number">"1", "2", … (the exercise number).</param>
/// <param name="Name">"1. Little's law (01-littles-law.ipynb)".</param>
/// <param name="Points">Points earned.</param>
/// <param name="MaxPoints">Points available.</param>
/// <param name="Feedback">The feedback lines, as in the student's feedback file.</param>
/// <param name="HasHiddenCases">True when the points depend on hidden cases (inputs the student never saw).</param>
public sealed record GradeItem(string Number, string Name, double Points, double MaxPoints, IReadOnlyList<string> Feedback, bool HasHiddenCases)
{
    /// <summary>Full marks.</summary>
    public bool Passed => Points >= MaxPoints;

    /// <summary>The feedback as Markdown: one "- " line each, exactly as in <c>feedback/&lt;student&gt;.md</c> under the exercise's heading.</summary>
    public string Markdown => string.Concat(Feedback.Select(line => "- " + line.Replace("\n", " ", StringComparison.Ordinal) + "\n"));

    /// <summary>The items of one student's grade, in exercise order.</summary>
    /// <param name="student">The student's grades.</param>
    /// <param name="exercises">The exercises (for titles and whether they have hidden cases).</param>
    public static IReadOnlyList<GradeItem> Of(StudentGrade student, IReadOnlyList<Exercise> exercises)
    {
        ArgumentNullException.ThrowIfNull(student);
        ArgumentNullException.ThrowIfNull(exercises);
        return [.. student.Exercises.Select(e =>
        {
            var exercise = exercises.FirstOrDefault(x => x.Number == e.Number);
            var title = exercise is null ? e.Notebook : $"{exercise.Title} ({e.Notebook})";
            var hidden = exercise is { FunctionName: not null, HiddenCases.Count: > 0 };
            return new GradeItem(e.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{e.Number}. {title}", e.Points, e.MaxPoints, e.Feedback, hidden);
        })];
    }
}
