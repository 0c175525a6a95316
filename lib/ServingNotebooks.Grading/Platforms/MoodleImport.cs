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
            csv.Append(CsvText.Line([s.Student, CsvText.Number(s.Total)])).Append('\n');
        }

        return csv.ToString();
    }

    private static bool IsEmail(string name)
    {
        var at = name.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at == name.LastIndexOf('@') && name.IndexOf('.', at) > at + 1 && !name.Any(char.IsWhiteSpace);
    }
}
