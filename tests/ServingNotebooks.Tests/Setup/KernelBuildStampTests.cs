using ServingNotebooks.Setup;
using ServingNotebooks.Tests.Runner;
using SetupWorkbook = ServingNotebooks.Setup.Workbook;

namespace ServingNotebooks.Tests.Setup;

/// <summary>
/// Setup skips the kernel program's publish only when it was published after the last change to any source: a workbook
/// laid out on disk with file times set by hand (no clock involved) and the stamp checked against each kind of file.
/// </summary>
public sealed class KernelBuildStampTests : IDisposable
{
    private static readonly DateTime Published = new(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc);

    private readonly string root = Fixture.TempFolder();

    public KernelBuildStampTests()
    {
        foreach (var file in new[] { "lib/ServingMath/Queueing.cs", "lib/ServingMath/ServingMath.csproj", "lib/NotebookLibraries.targets", "Directory.Packages.props" })
        {
            Write(file, Published.AddHours(-1));
        }

        Write("lib/ServingNotebooks.Kernel/bin/kernel/servingnotebooks-kernel.dll", Published);
        KernelBuildStamp.Write(Workbook);
        File.SetLastWriteTimeUtc(KernelBuildStamp.PathFor(Workbook), Published);
    }

    private SetupWorkbook Workbook => new(root);

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void Published_after_every_source_is_current()
    {
        Assert.True(KernelBuildStamp.IsCurrent(Workbook));
        Assert.Null(KernelBuildStamp.FirstNewerSource(Workbook, Published));
    }

    [Theory]
    [InlineData("lib/ServingMath/Queueing.cs")]
    [InlineData("lib/ServingNotebooks.Kernel/ServingNotebooks.Kernel.csproj")]
    [InlineData("lib/NotebookLibraries.targets")]
    [InlineData("lib/ServingBook/BookTemplate/conf.json")]
    [InlineData("Directory.Packages.props")]
    [InlineData("global.json")]
    public void A_source_changed_after_the_publish_makes_it_stale(string source)
    {
        Write(source, Published.AddSeconds(1));
        Assert.False(KernelBuildStamp.IsCurrent(Workbook));
        Assert.Equal(Path.Combine(root, source), KernelBuildStamp.FirstNewerSource(Workbook, Published));
    }

    [Theory]
    [InlineData("lib/ServingMath/bin/Debug/net10.0/ServingMath.deps.json")]
    [InlineData("lib/ServingMath/obj/project.assets.json")]
    [InlineData("lib/ServingMath/README.md")]
    [InlineData("notebooks/01-littles-law.ipynb")]
    public void Build_outputs_restore_files_and_other_files_do_not(string other)
    {
        // A restore in another home folder rewrites obj/project.assets.json: exactly the case the stamp is for.
        Write(other, Published.AddHours(1));
        Assert.True(KernelBuildStamp.IsCurrent(Workbook));
    }

    [Fact]
    public void Without_a_stamp_or_a_program_it_is_not_current()
    {
        File.Delete(KernelBuildStamp.PathFor(Workbook));
        Assert.False(KernelBuildStamp.IsCurrent(Workbook));
        KernelBuildStamp.Write(Workbook);
        File.Delete(Workbook.KernelProgram);
        Assert.False(KernelBuildStamp.IsCurrent(Workbook));
    }

    private void Write(string relative, DateTime lastWriteUtc)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, relative);
        File.SetLastWriteTimeUtc(path, lastWriteUtc);
    }
}
