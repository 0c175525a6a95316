using ServingNotebooks.Grading;
using ServingNotebooks.Grading.Platforms;
using Spectre.Console;

namespace ServingBook;

/// <summary>Writes the Canvas and Moodle import files after <c>grade</c>, and tells the instructor who was matched and who was not.</summary>
public static class PlatformExportWriter
{
    /// <summary>Writes what <paramref name="exports"/> asks for into <paramref name="outputDirectory"/>.</summary>
    /// <param name="exports">The exports asked for.</param>
    /// <param name="result">The graded class.</param>
    /// <param name="outputDirectory">The gradebook's folder.</param>
    /// <param name="console">Where to report.</param>
    public static void Write(PlatformExports exports, PlatformGradeResult result, string outputDirectory, IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(exports);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(console);
        var output = Path.GetFullPath(outputDirectory);
        var students = result.Result.Students;
        if (result.Canvas is { } canvas)
        {
            var late = canvas.Students.Where(s => s.Late).Select(s => $"{s.StudentId} ({s.SortableName})").ToList();
            console.MarkupLineInterpolated($"Canvas download: {canvas.Students.Count} student(s) by user id; late: {(late.Count == 0 ? "none" : string.Join(", ", late))}.");
        }

        // Feedback a student reads is headed with their name, not the Canvas id it is graded under.
        if (result.Canvas is { } download)
        {
            var names = exports.Roster?.Students.ToDictionary(s => s.Id, s => s.Name, StringComparer.Ordinal) ?? [];
            foreach (var s in download.Students)
            {
                FeedbackTitle.Retitle(output, s.StudentId, $"{names.GetValueOrDefault(s.StudentId) ?? s.SortableName} (Canvas ID {s.StudentId})");
            }
        }

        if (exports.Roster is { } roster)
        {
            var report = CanvasImport.Build(roster, students, exports.Assignment);
            var file = Path.Combine(output, CanvasImport.FileName);
            Gradebook.WriteAtomically(file, report.Csv);
            console.MarkupLineInterpolated($"Canvas: {file} — {report.Graded} of {roster.Students.Count} roster students graded, column '{report.AssignmentColumn}'.");
            if (report.PointsWarning is { } pointsWarning)
            {
                console.MarkupLineInterpolated($"[yellow]Canvas:[/] {pointsWarning}");
            }

            if (report.NewAssignment)
            {
                console.MarkupLineInterpolated($"[yellow]Canvas:[/] the roster has no column '{exports.Assignment}'; Canvas will offer to create a new assignment of that name on import (give --assignment as in the roster's header to fill an existing one).");
            }

            foreach (var s in report.NoSubmission)
            {
                console.MarkupLineInterpolated($"[yellow]Canvas:[/] {s.Name} (ID {s.Id}) has no submission; left empty, so Canvas keeps their current grade.");
            }

            foreach (var s in report.NotInRoster)
            {
                console.MarkupLineInterpolated($"[yellow]Canvas:[/] {s.Student} was graded ({CsvText.Number(s.Total)}) but is not in the roster; not in {CanvasImport.FileName}.");
            }
        }

        if (exports.Moodle)
        {
            var file = Path.Combine(output, MoodleImport.FileName);
            Gradebook.WriteAtomically(file, MoodleImport.ToCsv(students, exports.Assignment));
            console.MarkupLineInterpolated($"Moodle: {file} — {students.Count} student(s); at import map the first column to the user field it holds and the second to the grade item (an empty cell: nothing handed in, Moodle keeps the grade).");
            if (students.Any(s => MoodleDownload.Parse(s.Student) is not null))
            {
                var (worksheet, leftOut) = MoodleImport.ToWorksheet(students, DateTimeOffset.UtcNow);
                var sheet = Path.Combine(output, MoodleImport.WorksheetFileName);
                Gradebook.WriteAtomically(sheet, worksheet);
                console.MarkupLineInterpolated($"Moodle: {sheet} — the submissions are Moodle's download folders: upload it with \"Upload grading worksheet\" (grades and feedback comments by participant).");
                foreach (var name in leftOut)
                {
                    console.MarkupLineInterpolated($"[yellow]Moodle:[/] {name} is not a Moodle download folder (Full Name_<id>_assignsubmission_file_); not in {MoodleImport.WorksheetFileName}.");
                }
            }
        }
    }
}
