using System.Text;

namespace ServingNotebooks.Grading.Platforms;

/// <summary>
/// Writes the gradebook as Moodle's "Import grades → CSV file" reads it: an identifier column, then one column of grades.
/// At import the teacher maps the identifier column ("Map from") to the user field it holds ("Map to": email address,
/// username or ID number) and the grade column to the grade item.
/// </summary>
/// <remarks>
/// Moodle's importer (grade/import/csv, <c>gradeimport_csv_load_data::map_user_data_with_value</c>) matches users by the mapped
/// field and reads grades as plain numbers with a point as the decimal separator. The identifier is the student's name in
/// the gradebook (the submission folder's name): name each folder by the student's Moodle email address (or username). The
/// column is headed "Email address" when every name is one, "Username" otherwise.
/// </remarks>
public static class MoodleImport
{
    /// <summary>The file name <c>grade --moodle</c> writes.</summary>
    public const string FileName = "moodle-import.csv";

    /// <summary>The CSV text.</summary>
    /// <param name="students">The graded students.</param>
    /// <param name="gradeItem">The grade column's heading (the Moodle grade item's name).</param>
    public static string ToCsv(IReadOnlyList<StudentGrade> students, string gradeItem)
    {
        ArgumentNullException.ThrowIfNull(students);
        ArgumentException.ThrowIfNullOrWhiteSpace(gradeItem);
        var identifier = students.Count > 0 && students.All(s => IsEmail(s.Student)) ? "Email address" : "Username";
        var csv = new StringBuilder();
        csv.Append(CsvText.Line([identifier, gradeItem.Trim()])).Append('\n');
        foreach (var s in students.OrderBy(s => s.Student, StringComparer.Ordinal))
        {
            // Nothing handed in: an empty cell, which Moodle's import leaves alone, never a 0 over an existing grade.
            csv.Append(CsvText.Line([s.Student, HandedIn(s) ? CsvText.Number(s.Total) : string.Empty])).Append('\n');
        }

        return csv.ToString();
    }

    /// <summary>The grading worksheet's file name, written when the submissions are Moodle's download folders.</summary>
    public const string WorksheetFileName = "moodle-grading-worksheet.csv";

    /// <summary>
    /// Moodle's offline grading worksheet (assignment → Submissions → "Upload grading worksheet", which needs "Offline grading
    /// worksheet" feedback on), for students graded from Moodle's "Download all submissions" folders
    /// (<see cref="MoodleDownload"/>): the columns its importer looks for by header (<c>mod/assign/feedback/offline/
    /// importgradeslib.php</c>: "Identifier" as "Participant &lt;id&gt;", "Grade", "Last modified (grade)", and each feedback
    /// plugin's field by its name, "Feedback comments"), plus "Full name" and "Maximum Grade" for a person reading it.
    /// </summary>
    /// <param name="students">The graded students; those whose name is not a Moodle download folder are left out.</param>
    /// <param name="modified">The "Last modified (grade)" to write (the importer skips a row older than the grade in Moodle).</param>
    /// <returns>The CSV text, and the students left out.</returns>
    public static (string Csv, IReadOnlyList<string> LeftOut) ToWorksheet(IReadOnlyList<StudentGrade> students, DateTimeOffset modified)
    {
        ArgumentNullException.ThrowIfNull(students);
        var csv = new StringBuilder();
        csv.Append(CsvText.Line(["Identifier", "Full name", "Grade", "Maximum Grade", "Last modified (grade)", "Feedback comments"])).Append('\n');
        var leftOut = new List<string>();
        var when = modified.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var s in students.OrderBy(s => s.Student, StringComparer.Ordinal))
        {
            if (MoodleDownload.Parse(s.Student) is not { } who)
            {
                leftOut.Add(s.Student);
                continue;
            }

            var handedIn = HandedIn(s);
            var comments = handedIn
                ? $"{who.FullName}: {CsvText.Number(s.Total)} / {CsvText.Number(s.MaxTotal)}. " + string.Join(" ", s.Exercises.Select(e => $"{e.Notebook}: {CsvText.Number(e.Points)} / {CsvText.Number(e.MaxPoints)}."))
                : string.Empty;
            csv.Append(CsvText.Line([$"Participant {who.ParticipantId}", who.FullName, handedIn ? CsvText.Number(s.Total) : string.Empty, CsvText.Number(s.MaxTotal), when, comments])).Append('\n');
        }

        return (csv.ToString(), leftOut);
    }

    /// <summary>Whether the student handed in any notebook (a folder with none is not a submission, so not a 0): a notebook was seen, or points were earned.</summary>
    /// <param name="student">The student's grades.</param>
    public static bool HandedIn(StudentGrade student)
    {
        ArgumentNullException.ThrowIfNull(student);
        return student.Observations.Any(o => o.Outcome != NotebookOutcome.Missing) || student.Total > 0;
    }

    private static bool IsEmail(string name)
    {
        var at = name.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at == name.LastIndexOf('@') && name.IndexOf('.', at) > at + 1 && !name.Any(char.IsWhiteSpace);
    }
}
