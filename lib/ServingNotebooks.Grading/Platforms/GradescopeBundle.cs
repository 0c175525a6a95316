using System.IO.Compression;
using System.Text;

namespace ServingNotebooks.Grading.Platforms;

/// <summary>What goes into a Gradescope autograder bundle beyond the workbook.</summary>
public sealed record GradescopeBundleOptions
{
    /// <summary>When students see the tests whose points depend on hidden cases. Default: after_published.</summary>
    public string HiddenCaseVisibility { get; init; } = "after_published";

    /// <summary>The exercises to grade, e.g. "1-5" (<c>grade --exercises</c>); null: those whose notebook is in the bundle.</summary>
    public string? Exercises { get; init; }

    /// <summary>The per-cell timeout <c>run_autograder</c> grades with, in seconds; null: <c>grade</c>'s default.</summary>
    public double? CellTimeoutSeconds { get; init; }

    /// <summary>The per-notebook timeout <c>run_autograder</c> grades with, in seconds; null: <c>grade</c>'s default.</summary>
    public double? NotebookTimeoutSeconds { get; init; }
}

/// <summary>What <see cref="GradescopeBundle.Build"/> wrote.</summary>
/// <param name="Zip">The zip's full path.</param>
/// <param name="Entries">The zip's entries, e.g. "setup.sh", "workbook/lib/ServingMath/Queueing.cs".</param>
/// <param name="Notebooks">The notebooks released into the bundle (solutions removed).</param>
public sealed record GradescopeBundleReport(string Zip, IReadOnlyList<string> Entries, IReadOnlyList<ReleasedNotebook> Notebooks);

/// <summary>
/// Makes the zip Gradescope's programming assignments take as an autograder (Gradescope's autograder specification: a zip
/// with <c>setup.sh</c> and <c>run_autograder</c> at its root, extracted into <c>/autograder/source</c>). Beside the two
/// scripts goes <c>workbook/</c>: the build files, the library and grader sources under <c>lib/</c>, and the notebooks as
/// <c>servingbook release</c> makes them, so the instructor's solution cells never enter the container a student's code runs
/// in. Build outputs (<c>bin/</c>, <c>obj/</c>), hidden files, tests and grades are left out; <c>setup.sh</c> builds.
/// </summary>
public static class GradescopeBundle
{
    /// <summary>The workbook's root files the build needs.</summary>
    public static IReadOnlyList<string> RootFiles { get; } = ["Directory.Build.props", "Directory.Packages.props", "global.json", ".editorconfig", "NuGet.config"];

    /// <summary>Writes the bundle.</summary>
    /// <param name="workbookRoot">The instructor's workbook (with <c>lib/</c> and <c>notebooks/</c>).</param>
    /// <param name="zipPath">The zip to write (replaced).</param>
    /// <param name="options">Visibility and exercises.</param>
    /// <exception cref="ArgumentException">The workbook has no <c>lib/</c> or <c>notebooks/</c>, or an option is not valid.</exception>
    public static GradescopeBundleReport Build(string workbookRoot, string zipPath, GradescopeBundleOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workbookRoot);
        ArgumentException.ThrowIfNullOrWhiteSpace(zipPath);
        options ??= new GradescopeBundleOptions();
        GradescopeResults.CheckVisibility(options.HiddenCaseVisibility);
        var root = Path.GetFullPath(workbookRoot);
        var lib = Path.Combine(root, "lib");
        var notebooks = Path.Combine(root, "notebooks");
        if (!Directory.Exists(lib) || !Directory.Exists(notebooks))
        {
            throw new ArgumentException($"{workbookRoot} is not the workbook: it needs lib/ and notebooks/ (run from the repository root or give --workbook)", nameof(workbookRoot));
        }

        if (options.Exercises is { } list && list.Any(c => !(char.IsAsciiDigit(c) || c is ',' or '-' or ' ')))
        {
            throw new ArgumentException($"exercises must be a list like 1-5 or 1,2,7, not '{list}'", nameof(options));
        }

        var staging = Path.Combine(Path.GetTempPath(), "servingbook-bundle-" + Guid.NewGuid().ToString("N"));
        try
        {
            var released = Release.Run(notebooks, Path.Combine(staging, "notebooks"));
            var zip = Path.GetFullPath(zipPath);
            Directory.CreateDirectory(Path.GetDirectoryName(zip)!);
            var temp = zip + ".tmp";
            var entries = new List<string>();
            using (var archive = ZipFile.Open(temp, ZipArchiveMode.Create))
            {
                AddText(archive, entries, "setup.sh", Script("setup.sh"), executable: true);
                var run = Script("run_autograder")
                    .Replace("@HIDDEN_VISIBILITY@", options.HiddenCaseVisibility, StringComparison.Ordinal)
                    .Replace("@EXERCISES@", options.Exercises is { Length: > 0 } e ? $"--exercises {e.Replace(" ", string.Empty, StringComparison.Ordinal)}" : string.Empty, StringComparison.Ordinal)
                    .Replace("@TIMEOUTS@", Timeouts(options), StringComparison.Ordinal);
                AddText(archive, entries, "run_autograder", run, executable: true);
                foreach (var file in RootFiles.Where(f => File.Exists(Path.Combine(root, f))))
                {
                    AddFile(archive, entries, Path.Combine(root, file), "workbook/" + file);
                }

                // The projects' folders; not lib/bin, where every build copies the notebooks' libraries (NotebookLibraries.targets):
                // setup.sh's build makes it again from the sources.
                foreach (var project in Directory.EnumerateDirectories(lib).Where(d => !Hidden(d) && !BuildOutput(d)).Order(StringComparer.Ordinal))
                {
                    AddTree(archive, entries, project, "workbook/lib/" + Path.GetFileName(project));
                }

                // Build files the projects import from lib/ itself (NotebookLibraries.targets: where the notebooks load the dlls from).
                foreach (var file in Directory.EnumerateFiles(lib, "*.targets").Order(StringComparer.Ordinal))
                {
                    AddFile(archive, entries, file, "workbook/lib/" + Path.GetFileName(file));
                }

                AddTree(archive, entries, Path.Combine(staging, "notebooks"), "workbook/notebooks");
            }

            File.Move(temp, zip, overwrite: true);
            return new GradescopeBundleReport(zip, entries, released);
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    private static string Timeouts(GradescopeBundleOptions options)
    {
        var parts = new List<string>();
        if (options.CellTimeoutSeconds is double cell)
        {
            parts.Add("--timeout " + cell.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        }

        if (options.NotebookTimeoutSeconds is double notebook)
        {
            parts.Add("--notebook-timeout " + notebook.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        }

        return string.Join(' ', parts);
    }

    private static string Script(string name)
    {
        using var stream = typeof(GradescopeBundle).Assembly.GetManifestResourceStream("Gradescope." + name)
            ?? throw new InvalidOperationException($"the grader was built without its Gradescope script {name}");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd().ReplaceLineEndings("\n");
    }

    private static void AddTree(ZipArchive archive, List<string> entries, string folder, string prefix)
    {
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(folder, file).Replace('\\', '/');
            var parts = relative.Split('/');
            if (parts.Any(p => p.StartsWith('.')) || parts.SkipLast(1).Any(p => p is "bin" or "obj"))
            {
                continue;
            }

            AddFile(archive, entries, file, $"{prefix}/{relative}");
        }
    }

    private static void AddFile(ZipArchive archive, List<string> entries, string file, string name)
    {
        archive.CreateEntryFromFile(file, name, CompressionLevel.Optimal).ExternalAttributes = UnixMode(0b110_100_100);
        entries.Add(name);
    }

    private static void AddText(ZipArchive archive, List<string> entries, string name, string text, bool executable)
    {
        var entry = archive.CreateEntry(name, CompressionLevel.Optimal);
        entry.ExternalAttributes = UnixMode(executable ? 0b111_101_101 : 0b110_100_100);
        using (var writer = new StreamWriter(entry.Open(), new UTF8Encoding(false)))
        {
            writer.Write(text);
        }

        entries.Add(name);
    }

    /// <summary>A regular file's Unix permissions in a zip entry's external attributes (the high 16 bits, as Info-ZIP stores them).</summary>
    private static int UnixMode(int permissions) => (0b1000_000_000_000_000 | permissions) << 16;

    private static bool Hidden(string path) => Path.GetFileName(path).StartsWith('.');

    private static bool BuildOutput(string path) => Path.GetFileName(path) is "bin" or "obj";
}
