using System.Text;

namespace ServingNotebooks.Grading.Platforms;

/// <summary>What <see cref="CanvasImport.Build"/> matched: the file's text and who was left out, for the instructor.</summary>
/// <param name="Csv">The text of <c>canvas-import.csv</c>.</param>
/// <param name="AssignmentColumn">The assignment column's name as written (the roster's own header when it has the assignment).</param>
/// <param name="NewAssignment">True when the roster has no such column, so Canvas will create a new assignment on import.</param>
/// <param name="Graded">Roster students with a grade in the file.</param>
/// <param name="NoSubmission">Roster students with no submission: their cell is left empty, so Canvas keeps their current grade.</param>
/// <param name="NotInRoster">Graded students whose id is not in the roster: not in the file.</param>
public sealed record CanvasImportReport(string Csv, string AssignmentColumn, bool NewAssignment, int Graded, IReadOnlyList<CanvasRosterStudent> NoSubmission, IReadOnlyList<StudentGrade> NotInRoster)
{
    /// <summary>
    /// For the instructor, when the roster's Points Possible for the assignment differs from the graded exercises' points
    /// (written into the file): what differs and what to do (grade the assignment's exercises with --exercises); else null.
    /// </summary>
    public string? PointsWarning { get; init; }
}

/// <summary>
/// Writes the gradebook as Canvas's gradebook import reads it (Grades → Import): the identity columns Canvas matches students
/// by (Student, ID, SIS User ID, SIS Login ID, Section, copied from the roster), one assignment column, and a
/// "Points Possible" row. Students are matched to submissions by Canvas user id (the download's file names carry it).
/// </summary>
/// <remarks>
/// Canvas matches an assignment column by its header, which in an export is <c>Name (assignment id)</c>: when the
/// instructor's name is a roster column, or the start of one followed by " (", that exact header is used so the grades land in
/// the existing assignment; otherwise Canvas offers to create a new one. An empty cell changes nothing in Canvas, which is
/// what a student with no submission gets (reported, so the instructor can enter a 0 on purpose).
/// </remarks>
public static class CanvasImport
{
    /// <summary>
    /// Whether <paramref name="column"/> is exactly <paramref name="name"/> followed by " (digits)", Canvas's assignment id: so
    /// "Serving notebooks" matches "Serving notebooks (5520301)" and not "Serving notebooks (1-3) (5520301)", whose name is
    /// "Serving notebooks (1-3)".
    /// </summary>
    /// <param name="column">A roster header.</param>
    /// <param name="name">The assignment name given.</param>
    public static bool IsNameWithId(string column, string name)
    {
        ArgumentNullException.ThrowIfNull(column);
        ArgumentNullException.ThrowIfNull(name);
        if (!column.StartsWith(name + " (", StringComparison.Ordinal) || !column.EndsWith(')'))
        {
            return false;
        }

        var id = column.AsSpan(name.Length + 2, column.Length - name.Length - 3);
        return id.Length > 0 && !id.ContainsAnyExceptInRange('0', '9');
    }

    /// <summary>The file name <c>grade --roster</c> writes.</summary>
    public const string FileName = "canvas-import.csv";

    /// <summary>Builds the import file for the graded <paramref name="students"/> (named by Canvas user id).</summary>
    /// <param name="roster">Canvas's exported gradebook.</param>
    /// <param name="students">The graded students; <see cref="StudentGrade.Student"/> is the Canvas user id.</param>
    /// <param name="assignment">The assignment's name in Canvas (with or without its " (id)").</param>
    public static CanvasImportReport Build(CanvasRoster roster, IReadOnlyList<StudentGrade> students, string assignment)
    {
        ArgumentNullException.ThrowIfNull(roster);
        ArgumentNullException.ThrowIfNull(students);
        ArgumentException.ThrowIfNullOrWhiteSpace(assignment);
        var name = assignment.Trim();
        var column = roster.Columns.FirstOrDefault(c => c == name) ?? roster.Columns.FirstOrDefault(c => IsNameWithId(c, name));
        var byId = students.ToDictionary(s => s.Student, StringComparer.Ordinal);
        var maxPoints = students.Count > 0 ? students.Max(s => s.MaxTotal) : 0;
        var csv = new StringBuilder();
        csv.Append(CsvText.Line([.. CanvasRoster.IdentityColumns, column ?? name])).Append('\n');
        csv.Append(CsvText.Line(["Points Possible", "", "", "", "", CsvText.Number(maxPoints)])).Append('\n');
        var noSubmission = new List<CanvasRosterStudent>();
        var graded = 0;
        foreach (var s in roster.Students)
        {
            var score = string.Empty;
            if (byId.TryGetValue(s.Id, out var grade))
            {
                score = CsvText.Number(grade.Total);
                graded++;
            }
            else
            {
                noSubmission.Add(s);
            }

            csv.Append(CsvText.Line([s.Name, s.Id, s.SisUserId, s.SisLoginId, s.Section, score])).Append('\n');
        }

        var rosterIds = roster.Students.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var notInRoster = students.Where(s => !rosterIds.Contains(s.Student)).OrderBy(s => s.Student, StringComparer.Ordinal).ToList();
        string? warning = null;
        if (column is not null && roster.PointsPossible.GetValueOrDefault(column) is { Length: > 0 } text
            && double.TryParse(text.Replace(',', '.'), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var rosterPoints)
            && Math.Abs(rosterPoints - maxPoints) > 1e-9)
        {
            var exercises = students.Count > 0 ? students[0].Exercises.Count : 0;
            warning = $"the roster's Points Possible for '{column}' is {CsvText.Number(rosterPoints)}, but the {exercises} graded exercise(s) are worth {CsvText.Number(maxPoints)}: "
                + $"{FileName} says {CsvText.Number(maxPoints)} (Canvas will change the assignment's points on import). Grade only the assignment's exercises with --exercises (e.g. -e 1-3).";
        }

        return new CanvasImportReport(csv.ToString(), column ?? name, column is null, graded, noSubmission, notInRoster) { PointsWarning = warning };
    }
}
