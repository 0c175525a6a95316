using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ServingNotebooks.Grading;

/// <summary>One student's grades.</summary>
/// <param name="Student">The student's name: the submission folder's name (or the notebook's, for a single file).</param>
/// <param name="Exercises">One grade per exercise, in exercise order.</param>
/// <param name="Observations">What the grader saw in each notebook run.</param>
public sealed record StudentGrade(string Student, IReadOnlyList<ExerciseGrade> Exercises, IReadOnlyList<NotebookObservation> Observations)
{
    /// <summary>Points earned over all exercises.</summary>
    public double Total => Math.Round(Exercises.Sum(e => e.Points), 2);

    /// <summary>Points available over all exercises.</summary>
    public double MaxTotal => Exercises.Sum(e => e.MaxPoints);

    /// <summary>Lines about the submission as a whole (files that were not graded, and why).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}

/// <summary>
/// Writes a class's grades: <c>gradebook.csv</c> (one row per student, one column per exercise, total),
/// <c>gradebook.json</c> (every detail) and <c>feedback/&lt;student&gt;.md</c>. Every file is written to a
/// temporary name and renamed into place, so an interrupted run leaves the previous gradebook intact.
/// </summary>
public static class Gradebook
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The gradebook as CSV text (RFC 4180 quoting, invariant culture).</summary>
    /// <param name="students">The graded students.</param>
    /// <param name="exercises">The exercises, which give the columns.</param>
    public static string ToCsv(IReadOnlyList<StudentGrade> students, IReadOnlyList<Exercise> exercises)
    {
        ArgumentNullException.ThrowIfNull(students);
        ArgumentNullException.ThrowIfNull(exercises);
        var sb = new StringBuilder();
        sb.Append("student,");
        sb.AppendJoin(',', exercises.Select(e => $"ex{e.Number:00}"));
        sb.Append(",total,max\n");
        foreach (var s in students.OrderBy(s => s.Student, StringComparer.Ordinal))
        {
            sb.Append(Quote(s.Student));
            foreach (var e in exercises)
            {
                var g = s.Exercises.FirstOrDefault(x => x.Number == e.Number);
                sb.Append(',').Append(Number(g?.Points ?? 0));
            }

            sb.Append(',').Append(Number(s.Total)).Append(',').Append(Number(s.MaxTotal)).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>Every detail as JSON: how the notebooks ran (sandbox, warning) and every student.</summary>
    /// <param name="students">The graded students.</param>
    /// <param name="warning">The warning for the instructor when the notebooks ran without a sandbox, or null.</param>
    public static string ToJson(IReadOnlyList<StudentGrade> students, string? warning = null)
    {
        ArgumentNullException.ThrowIfNull(students);
        var ordered = students.OrderBy(s => s.Student, StringComparer.Ordinal).Select(s => new
        {
            s.Student,
            Feedback = $"feedback/{FileNameFor(s.Student)}.md",
            s.Total,
            s.MaxTotal,
            s.Notes,
            s.Exercises,
            s.Observations,
        });
        return JsonSerializer.Serialize(new { Sandboxed = warning is null, Warning = warning, Students = ordered }, JsonOptions);
    }

    /// <summary>One student's feedback as Markdown.</summary>
    /// <param name="student">The student's grades.</param>
    public static string ToMarkdown(StudentGrade student)
    {
        ArgumentNullException.ThrowIfNull(student);
        var sb = new StringBuilder();
        sb.Append("# Feedback for ").Append(student.Student).Append("\n\n");
        sb.Append("**Total: ").Append(Number(student.Total)).Append(" / ").Append(Number(student.MaxTotal)).Append("**\n\n");
        sb.Append("| exercise | points |\n| --- | --- |\n");
        foreach (var e in student.Exercises)
        {
            sb.Append("| ").Append(e.Number).Append(". `").Append(e.Notebook).Append("` | ")
              .Append(Number(e.Points)).Append(" / ").Append(Number(e.MaxPoints)).Append(" |\n");
        }

        if (student.Notes.Count > 0)
        {
            sb.Append("\n## About the submission\n\n");
            foreach (var note in student.Notes)
            {
                sb.Append("- ").Append(note.ReplaceLineEndings(" ")).Append('\n');
            }
        }

        foreach (var e in student.Exercises)
        {
            sb.Append("\n## ").Append(e.Number).Append(". ").Append(e.Notebook).Append("\n\n");
            foreach (var line in e.Feedback)
            {
                sb.Append("- ").Append(line.Replace("\n", " ", StringComparison.Ordinal)).Append('\n');
            }
        }

        return sb.ToString();
    }

    /// <summary>
    /// Writes gradebook.csv, gradebook.json and feedback/*.md into <paramref name="outputDirectory"/>,
    /// each atomically; feedback files of students no longer in the class are removed.
    /// </summary>
    /// <param name="outputDirectory">Where to write.</param>
    /// <param name="students">The graded students.</param>
    /// <param name="exercises">The exercises (the CSV's columns).</param>
    /// <param name="warning">The warning for the instructor when the notebooks ran without a sandbox, or null.</param>
    public static void Write(string outputDirectory, IReadOnlyList<StudentGrade> students, IReadOnlyList<Exercise> exercises, string? warning = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDirectory);
        Directory.CreateDirectory(outputDirectory);
        var feedbackDirectory = Path.Combine(outputDirectory, "feedback");
        Directory.CreateDirectory(feedbackDirectory);
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in students)
        {
            var file = Path.Combine(feedbackDirectory, FileNameFor(s.Student) + ".md");
            WriteAtomically(file, ToMarkdown(s));
            written.Add(Path.GetFullPath(file));
        }

        foreach (var stale in Directory.EnumerateFiles(feedbackDirectory, "*.md").Where(f => !written.Contains(Path.GetFullPath(f))))
        {
            File.Delete(stale);
        }

        WriteAtomically(Path.Combine(outputDirectory, "gradebook.json"), ToJson(students, warning));
        WriteAtomically(Path.Combine(outputDirectory, "gradebook.csv"), ToCsv(students, exercises));
    }

    /// <summary>Writes a file under a temporary name beside it, then renames it over the target.</summary>
    /// <param name="path">The target file.</param>
    /// <param name="contents">The text to write (UTF-8, no byte-order mark).</param>
    public static void WriteAtomically(string path, string contents)
    {
        var temp = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temp, contents, new UTF8Encoding(false));
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>
    /// A file name for a student (without extension), valid on every file system and distinct for distinct names: the name
    /// itself when it is plain and short; otherwise its safe part (unsafe characters replaced, at most 80 bytes) followed by
    /// <c>~</c> and 12 hex digits of the name's SHA-256, so <c>kim:lee</c> and <c>kim_lee</c> differ, and a 300-byte name
    /// stays well under the 255-byte limit with room for a temporary suffix. The full name is inside the file.
    /// </summary>
    /// <param name="student">The student's name.</param>
    public static string FileNameFor(string student)
    {
        ArgumentNullException.ThrowIfNull(student);
        var safe = SafeFileName(student);
        if (safe == student && !student.Contains('~', StringComparison.Ordinal) && Encoding.UTF8.GetByteCount(student) <= 100)
        {
            return student;
        }

        var prefix = new StringBuilder();
        foreach (var rune in safe.EnumerateRunes())
        {
            if (Encoding.UTF8.GetByteCount(prefix.ToString()) + rune.Utf8SequenceLength > 80)
            {
                break;
            }

            prefix.Append(rune.ToString());
        }

        var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(student)))[..12].ToLowerInvariant();
        return $"{prefix.ToString().Replace('~', '_')}~{hash}";
    }

    /// <summary>A student name made safe as a file name (path separators, control characters and ':' replaced).</summary>
    /// <param name="name">The student's name.</param>
    public static string SafeFileName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var invalid = Path.GetInvalidFileNameChars().Concat(['/', '\\', ':', '*', '?', '"', '<', '>', '|']).ToHashSet();
        var safe = new string([.. name.Select(c => invalid.Contains(c) || char.IsControl(c) ? '_' : c)]).Trim();
        return safe.Length == 0 || safe is "." or ".." ? "_" : safe;
    }

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Quote(string value)
    {
        // A leading = + - @ would make a spreadsheet run the name as a formula.
        if (value.Length > 0 && "=+-@".Contains(value[0], StringComparison.Ordinal))
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 || value != value.Trim()
            ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\""
            : value;
    }
}
