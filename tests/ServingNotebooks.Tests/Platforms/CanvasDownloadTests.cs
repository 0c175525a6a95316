using ServingNotebooks.Grading;
using ServingNotebooks.Grading.Platforms;

namespace ServingNotebooks.Tests.Platforms;

/// <summary>A Canvas download grouped into one folder per student id: latest upload wins, late is marked, nothing is dropped.</summary>
public sealed class CanvasDownloadTests : IDisposable
{
    private readonly string _root = PlatformFiles.TempFolder("canvas");

    private string Download => Path.Combine(_root, "download");

    private string Stage => Path.Combine(_root, "stage");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void File(string name, string text) => PlatformFiles.Write(Path.Combine(Download, name), text);

    [Fact]
    public void Files_are_grouped_by_user_id_under_their_original_names()
    {
        File("lovelaceada_4242_100_01-littles-law.ipynb", "ada 01");
        File("lovelaceada_4242_101_02-utilization.ipynb", "ada 02");
        File("hopperg_77_102_01-littles-law.ipynb", "grace 01");
        var canvas = CanvasDownload.Stage(Download, Stage, GradingSpec.Exercises);
        Assert.Equal(["4242", "77"], canvas.Students.Select(s => s.StudentId));
        Assert.Equal("ada 02", System.IO.File.ReadAllText(Path.Combine(Stage, "4242", "02-utilization.ipynb")));
        Assert.Equal("grace 01", System.IO.File.ReadAllText(Path.Combine(Stage, "77", "01-littles-law.ipynb")));
        Assert.Equal(["01-littles-law.ipynb", "02-utilization.ipynb"], Directory.GetFiles(Path.Combine(Stage, "4242")).Select(Path.GetFileName).Order());
        Assert.Empty(canvas.Problems);
    }

    [Fact]
    public void The_latest_reupload_wins_and_the_replaced_one_is_noted()
    {
        File("turinga_5_300_01-littles-law.ipynb", "first");
        File("turinga_5_310_01-littles-law-1.ipynb", "second");
        File("turinga_5_320_01-littles-law-2.ipynb", "third");
        var canvas = CanvasDownload.Stage(Download, Stage, GradingSpec.Exercises);
        Assert.Equal("third", System.IO.File.ReadAllText(Path.Combine(Stage, "5", "01-littles-law.ipynb")));
        Assert.Single(Directory.GetFiles(Path.Combine(Stage, "5")));
        Assert.Equal(2, canvas.Students.Single().Notes.Count(n => n.Contains("was replaced by a later upload", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_later_upload_under_another_name_replaces_the_same_exercise()
    {
        File("turinga_5_300_01-littles-law.ipynb", "first");
        File("turinga_5_400_01 littles law fixed.ipynb", "fixed");
        CanvasDownload.Stage(Download, Stage, GradingSpec.Exercises);
        Assert.Equal(["01 littles law fixed.ipynb"], Directory.GetFiles(Path.Combine(Stage, "5")).Select(Path.GetFileName));
    }

    [Fact]
    public void A_late_submission_is_staged_and_marked_late()
    {
        File("hopperg_LATE_77_102_01-littles-law.ipynb", "late but here");
        File("lovelaceada_4242_100_01-littles-law.ipynb", "on time");
        var canvas = CanvasDownload.Stage(Download, Stage, GradingSpec.Exercises);
        var grace = canvas.Students.Single(s => s.StudentId == "77");
        Assert.True(grace.Late);
        Assert.StartsWith("Canvas marked this submission late", grace.Notes[0], StringComparison.Ordinal);
        Assert.True(System.IO.File.Exists(Path.Combine(Stage, "77", "01-littles-law.ipynb")));
        Assert.False(canvas.Students.Single(s => s.StudentId == "4242").Late);
    }

    [Fact]
    public void Anonymous_students_are_grouped_by_their_anonymous_id()
    {
        File("anon_k3Jq9_500_01-littles-law.ipynb", "a");
        File("anon_k3Jq9_501_02-utilization.ipynb", "b");
        File("anon_Zz001_502_01-littles-law.ipynb", "c");
        var canvas = CanvasDownload.Stage(Download, Stage, GradingSpec.Exercises);
        Assert.Equal(["anon_Zz001", "anon_k3Jq9"], canvas.Students.Select(s => s.StudentId));
        Assert.Equal(2, Directory.GetFiles(Path.Combine(Stage, "anon_k3Jq9")).Length);
    }

    [Fact]
    public void A_zipped_workbook_uploaded_to_Canvas_is_unpacked_into_the_students_folder()
    {
        PlatformFiles.Zip(Path.Combine(Download, "lovelaceada_4242_100_workbook.zip"), ("workbook/notebooks/03-latency-budget.ipynb", "z"));
        CanvasDownload.Stage(Download, Stage, GradingSpec.Exercises);
        Assert.Equal("z", System.IO.File.ReadAllText(Path.Combine(Stage, "4242", "03-latency-budget.ipynb")));
    }

    [Fact]
    public void The_zip_Canvas_gives_is_read_like_its_folder()
    {
        var zip = Path.Combine(_root, "submissions.zip");
        PlatformFiles.Zip(zip, ("lovelaceada_4242_100_01-littles-law.ipynb", "ada"), ("hopperg_LATE_77_102_01-littles-law.ipynb", "grace"));
        Assert.True(CanvasDownload.Recognize(zip));
        var canvas = CanvasDownload.Stage(zip, Stage, GradingSpec.Exercises);
        Assert.Equal(["4242", "77"], canvas.Students.Select(s => s.StudentId));
        Assert.True(canvas.Students[1].Late);
    }

    [Fact]
    public void A_download_is_recognized_and_a_class_folder_or_a_student_folder_is_not()
    {
        File("lovelaceada_4242_100_01-littles-law.ipynb", "x");
        Assert.True(CanvasDownload.Recognize(Download));

        var classFolder = Path.Combine(_root, "class");
        PlatformFiles.Write(Path.Combine(classFolder, "Ada", "01-littles-law.ipynb"), "x");
        Assert.False(CanvasDownload.Recognize(classFolder));

        var student = Path.Combine(_root, "student");
        PlatformFiles.Write(Path.Combine(student, "01-littles-law.ipynb"), "x");
        PlatformFiles.Write(Path.Combine(student, "lovelaceada_4242_100_02-utilization.ipynb"), "x");
        Assert.False(CanvasDownload.Recognize(student));
    }
}
