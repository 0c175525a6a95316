using ServingNotebooks.Grading;
using ServingNotebooks.Grading.Platforms;

namespace ServingNotebooks.Tests.Platforms;

/// <summary>Files of a Canvas download that are not graded are named in the student's feedback, never dropped silently (issue 23).</summary>
public sealed class CanvasDroppedFilesTests : IDisposable
{
    private readonly string _root = PlatformFiles.TempFolder("canvas-dropped");

    private string Download => Path.Combine(_root, "download");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void A_text_file_beside_the_notebooks_is_named_in_that_students_notes()
    {
        PlatformFiles.Write(Path.Combine(Download, "lovelaceada_4242_100_01-littles-law.ipynb"), "ada 01");
        PlatformFiles.Write(Path.Combine(Download, "lovelaceada_4242_101_notes.txt"), "my notes");
        PlatformFiles.Write(Path.Combine(Download, "hopperg_77_102_report.pdf"), "%PDF");
        var canvas = CanvasDownload.Stage(Download, Path.Combine(_root, "stage"), GradingSpec.Exercises);

        var ada = canvas.Students.Single(s => s.StudentId == "4242");
        Assert.Contains("notes.txt was not graded: only notebooks (.ipynb) and zip files are", ada.Notes);

        // Grace uploaded only a PDF: no submission to grade, and the instructor is told.
        Assert.DoesNotContain(canvas.Students, s => s.StudentId == "77");
        Assert.Equal(["student 77 uploaded only report.pdf: no notebook or zip, nothing graded"], canvas.Problems);
    }
}

/// <summary>Feedback graded under a Canvas id is headed with the student's name (issue 23).</summary>
public sealed class FeedbackTitleTests : IDisposable
{
    private readonly string _root = PlatformFiles.TempFolder("feedback-title");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void The_heading_names_the_student_and_the_rest_is_kept()
    {
        Gradebook.Write(_root, [PlatformFiles.Grade("4242", (1, 10, ["✔"]))], [GradingSpec.Exercises[0]]);
        var file = Path.Combine(_root, "feedback", "4242.md");
        var before = File.ReadAllText(file);
        Assert.StartsWith("# Feedback for 4242\n", before, StringComparison.Ordinal);

        Assert.True(FeedbackTitle.Retitle(_root, "4242", "Lovelace, Ada (Canvas ID 4242)"));
        Assert.Equal("# Feedback for Lovelace, Ada (Canvas ID 4242)\n" + before["# Feedback for 4242\n".Length..], File.ReadAllText(file));
        Assert.False(FeedbackTitle.Retitle(_root, "77", "Hopper, Grace (Canvas ID 77)"));
    }
}
