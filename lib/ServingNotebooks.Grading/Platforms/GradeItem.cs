namespace ServingNotebooks.Grading.Platforms;

/// <summary>
/// One graded item as a platform shows it: a Gradescope test, a GitHub Classroom test. One per exercise part; the platform views
/// are all built from these, so each shows the same points and the same feedback lines as <c>feedback/&lt;student&gt;.md</c>.
/// </summary>
/// <param name="Number">"1", "2", … (the exercise number), or "1.a", "1.b", … for the parts of an exercise that has several.</param>
/// <param name="Name">"1(a). Little's law (01-littles-law.ipynb)" for a part, "1. Little's law (01-littles-law.ipynb)" for an exercise of one part.</param>
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

    /// <summary>
    /// The items of one student's grade, in exercise order: one per part when an exercise has several ("1.a", "1.b", …, with
    /// the exercise's feedback lines that are the part's own or the notebook's, in the feedback file's order), one per
    /// exercise otherwise ("1", "2", …).
    /// </summary>
    /// <param name="student">The student's grades.</param>
    /// <param name="exercises">The exercises (for titles and whether they have hidden cases).</param>
    public static IReadOnlyList<GradeItem> Of(StudentGrade student, IReadOnlyList<Exercise> exercises)
    {
        ArgumentNullException.ThrowIfNull(student);
        ArgumentNullException.ThrowIfNull(exercises);
        var items = new List<GradeItem>();
        foreach (var e in student.Exercises)
        {
            var exercise = exercises.FirstOrDefault(x => x.Number == e.Number);
            var number = e.Number.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var title = exercise is null ? e.Notebook : $"{exercise.Title} ({e.Notebook})";
            if (e.Parts.Count <= 1)
            {
                var hidden = exercise is not null && exercise.Parts.Any(p => p.FunctionName is not null && p.HiddenCases.Count > 0);
                items.Add(new GradeItem(number, $"{e.Number}. {title}", e.Points, e.MaxPoints, e.Feedback, hidden));
                continue;
            }

            // The notebook's own lines (cell errors, not submitted, predictions) belong to every part; part lines carry "(x) ".
            // Each part keeps the feedback file's order: its lines and the notebook's, as they stand under the exercise's heading.
            foreach (var part in e.Parts)
            {
                var spec = exercise?.Parts.FirstOrDefault(p => p.Name == part.Name);
                var hidden = spec is { FunctionName: not null, HiddenCases.Count: > 0 };
                var own = $"({part.Name}) ";
                var lines = e.Feedback.Where(line => !line.StartsWith('(') || line.StartsWith(own, StringComparison.Ordinal)).ToList();
                items.Add(new GradeItem($"{number}.{part.Name}", $"{e.Number}({part.Name}). {part.Title} ({e.Notebook})", part.Points, part.MaxPoints, lines, hidden));
            }
        }

        return items;
    }
}
