using System.IO.Compression;
using ServingNotebooks.Grading.Platforms;

namespace ServingNotebooks.Tests.Platforms;

/// <summary>A submission of any shape becomes one flat folder of notebooks.</summary>
public sealed class SubmissionShapeTests : IDisposable
{
    private readonly string _root = PlatformFiles.TempFolder("shape");

    private string Out => Path.Combine(_root, "flat");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void One_notebook_is_copied_as_it_is()
    {
        PlatformFiles.Write(Path.Combine(_root, "in", "01-littles-law.ipynb"), "one");
        var flat = SubmissionShape.Flatten(Path.Combine(_root, "in", "01-littles-law.ipynb"), Out);
        Assert.Equal(["01-littles-law.ipynb"], flat.Notebooks);
        Assert.Equal("one", File.ReadAllText(Path.Combine(Out, "01-littles-law.ipynb")));
    }

    [Fact]
    public void A_folder_one_level_down_and_loose_files_give_the_same_notebooks()
    {
        PlatformFiles.Write(Path.Combine(_root, "in", "my-work", "01-littles-law.ipynb"), "a");
        PlatformFiles.Write(Path.Combine(_root, "in", "my-work", "02-utilization.ipynb"), "b");
        PlatformFiles.Write(Path.Combine(_root, "in", "notes.txt"), "not a notebook");
        var flat = SubmissionShape.Flatten(Path.Combine(_root, "in"), Out);
        Assert.Equal(["01-littles-law.ipynb", "02-utilization.ipynb"], flat.Notebooks);
        Assert.Empty(flat.Notes);
    }

    [Fact]
    public void A_zipped_workbook_is_unpacked_and_checkpoints_and_macos_folders_are_skipped()
    {
        PlatformFiles.Zip(Path.Combine(_root, "in", "workbook.zip"),
            ("workbook/notebooks/01-littles-law.ipynb", "a"),
            ("workbook/notebooks/.ipynb_checkpoints/01-littles-law-checkpoint.ipynb", "old"),
            ("__MACOSX/workbook/notebooks/._01-littles-law.ipynb", "resource fork"),
            ("workbook/lib/ServingMath/Queueing.cs", "code"));
        var flat = SubmissionShape.Flatten(Path.Combine(_root, "in"), Out);
        Assert.Equal(["01-littles-law.ipynb"], flat.Notebooks);
        Assert.Equal("a", File.ReadAllText(Path.Combine(Out, "01-littles-law.ipynb")));
    }

    [Fact]
    public void The_copy_nearest_the_top_wins_and_the_other_is_noted()
    {
        PlatformFiles.Write(Path.Combine(_root, "in", "old", "drafts", "01-littles-law.ipynb"), "deep");
        PlatformFiles.Write(Path.Combine(_root, "in", "final", "01-littles-law.ipynb"), "shallow");
        var flat = SubmissionShape.Flatten(Path.Combine(_root, "in"), Out);
        Assert.Equal("shallow", File.ReadAllText(Path.Combine(Out, "01-littles-law.ipynb")));
        Assert.Contains(flat.Notes, n => n.Contains("01-littles-law.ipynb appears more than once", StringComparison.Ordinal));
    }

    [Fact]
    public void A_zip_entry_that_climbs_out_of_the_folder_lands_inside_it()
    {
        PlatformFiles.Zip(Path.Combine(_root, "in", "evil.zip"), ("../../escaped.ipynb", "x"));
        var flat = SubmissionShape.Flatten(Path.Combine(_root, "in"), Out);
        Assert.False(File.Exists(Path.Combine(_root, "escaped.ipynb")));
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(_root)!, "escaped.ipynb")));
        Assert.Empty(flat.Notebooks);
    }

    [Fact]
    public void A_file_named_zip_that_is_not_one_is_a_note()
    {
        PlatformFiles.Write(Path.Combine(_root, "in", "broken.zip"), "not a zip at all");
        var flat = SubmissionShape.Flatten(Path.Combine(_root, "in"), Out);
        Assert.Empty(flat.Notebooks);
        Assert.Contains(flat.Notes, n => n.StartsWith("broken.zip is not a zip archive", StringComparison.Ordinal));
    }

    [Fact]
    public void A_zip_inside_a_zip_is_read_once_more()
    {
        var inner = Path.Combine(_root, "inner.zip");
        PlatformFiles.Zip(inner, ("02-utilization.ipynb", "b"));
        using (var archive = ZipFile.Open(Path.Combine(_root, "outer.zip"), ZipArchiveMode.Create))
        {
            archive.CreateEntryFromFile(inner, "submission/inner.zip");
        }

        var flat = SubmissionShape.Flatten(Path.Combine(_root, "outer.zip"), Out);
        Assert.Equal(["02-utilization.ipynb"], flat.Notebooks);
    }
}
