namespace ServingNotebooks.Grading.Platforms;

/// <summary>A grading run over a submissions folder of any platform's layout.</summary>
/// <param name="Result">The run, with each student's platform notes (late, replaced uploads) added to their grade.</param>
/// <param name="Canvas">The Canvas download it read, when the submissions were one; null otherwise.</param>
public sealed record PlatformGradeResult(ClassGradeResult Result, CanvasClass? Canvas);

/// <summary>
/// Grades submissions laid out the way a platform hands them over, through the one local grader: a Canvas "Download
/// Submissions" folder or zip is grouped into per-student folders (<see cref="CanvasDownload"/>), anything else goes to
/// <see cref="ClassGrader"/> as it is. The gradebook it writes is the local one, with each student's platform notes in their
/// feedback; every platform view (Canvas, Moodle, Gradescope, GitHub Classroom) is made from these grades.
/// </summary>
public static class PlatformGrading
{
    /// <summary>The folder under the grader's work folder where a Canvas download is grouped by student.</summary>
    public const string CanvasStageFolder = "canvas";

    /// <summary>Grades <paramref name="submissions"/> and writes the gradebook to <see cref="GradingOptions.OutputDirectory"/>.</summary>
    /// <param name="submissions">A class folder, a submission, a notebook, or a Canvas download (folder or zip).</param>
    /// <param name="options">The grading options.</param>
    /// <param name="onProgress">Called as notebooks and submissions finish.</param>
    /// <param name="cancellationToken">Stops grading.</param>
    public static async Task<PlatformGradeResult> GradeAsync(
        string submissions,
        GradingOptions options,
        Action<GradingProgress>? onProgress = null,
        CancellationToken cancellationToken = default)
    {
        // One call to the local grader whatever the layout: a Canvas download is first grouped into per-student folders.
        var canvas = StageCanvas(submissions, options);
        var result = await ClassGrader.GradeAsync(canvas?.ClassFolder ?? submissions, options, onProgress, cancellationToken).ConfigureAwait(false);
        return canvas is null ? new PlatformGradeResult(result, null) : WithCanvasNotes(result, canvas, options);
    }

    /// <summary>The Canvas download at <paramref name="submissions"/> grouped by student under the grader's work folder, or null when it is not one.</summary>
    private static CanvasClass? StageCanvas(string submissions, GradingOptions options)
    {
        ArgumentNullException.ThrowIfNull(submissions);
        ArgumentNullException.ThrowIfNull(options);
        return CanvasDownload.Recognize(submissions)
            ? CanvasDownload.Stage(submissions, Path.Combine(Path.GetFullPath(options.OutputDirectory), ClassGrader.WorkFolderName, CanvasStageFolder), options.Exercises)
            : null;
    }

    /// <summary>Each student's Canvas notes (late, replaced uploads) added to their grade, the gradebook written again with them.</summary>
    private static PlatformGradeResult WithCanvasNotes(ClassGradeResult result, CanvasClass canvas, GradingOptions options)
    {
        var notes = canvas.Students.ToDictionary(s => Gradebook.SafeFileName(s.StudentId), s => s.Notes, StringComparer.Ordinal);
        var students = result.Students
            .Select(s => notes.TryGetValue(s.Student, out var extra) && extra.Count > 0 ? s with { Notes = [.. extra, .. s.Notes] } : s)
            .ToList();
        if (students.Count > 0)
        {
            Gradebook.Write(Path.GetFullPath(options.OutputDirectory), students, options.Exercises);
        }

        return new PlatformGradeResult(result with { Students = students, Problems = [.. canvas.Problems, .. result.Problems] }, canvas);
    }
}
