using System.Text.RegularExpressions;
using ServingNotebooks.Runner;

namespace ServingNotebooks.Grading;

/// <summary>What releasing one notebook did.</summary>
/// <param name="Notebook">The notebook's file name.</param>
/// <param name="SolutionCells">Cells tagged <c>solution</c> that were removed.</param>
/// <param name="HeadingCells">"Solution" heading cells removed with them.</param>
/// <param name="ClearedOutputs">Code cells whose outputs were cleared.</param>
/// <param name="Problem">Why the notebook was not released (it cannot be read), or null.</param>
public sealed record ReleasedNotebook(string Notebook, int SolutionCells, int HeadingCells, int ClearedOutputs, string? Problem);

/// <summary>
/// Makes the student version of the workbook's notebooks: every cell tagged <c>solution</c> removed (and a markdown cell
/// that is only a "Solution" heading right before one), every output and execution count cleared, everything else kept
/// as it is (cells, their ids and metadata, the notebook's metadata as VS Code writes it); the other files of the folder
/// (<c>setup.dib</c>, <c>data/</c>, <c>README.md</c>) are copied unchanged. Releasing twice gives byte-identical files.
/// </summary>
public static partial class Release
{
    /// <summary>The Jupyter tag of solution cells.</summary>
    public const string SolutionTag = "solution";

    /// <summary>Writes the student version of <paramref name="sourceDirectory"/> into <paramref name="outputDirectory"/>.</summary>
    /// <param name="sourceDirectory">The instructor's notebooks folder.</param>
    /// <param name="outputDirectory">The student folder; must not be the source folder, inside it, or contain it.</param>
    /// <returns>One entry per notebook, in name order.</returns>
    /// <exception cref="ArgumentException">The folders overlap, or the source has no notebooks.</exception>
    /// <exception cref="DirectoryNotFoundException">The source folder does not exist.</exception>
    public static IReadOnlyList<ReleasedNotebook> Run(string sourceDirectory, string outputDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceDirectory);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDirectory);
        var source = Path.GetFullPath(sourceDirectory);
        var output = Path.GetFullPath(outputDirectory);
        if (!Directory.Exists(source))
        {
            throw new DirectoryNotFoundException($"{sourceDirectory}: no such folder");
        }

        if (IsSameOrInside(output, source))
        {
            throw new ArgumentException($"the output folder {outputDirectory} is the source folder or inside it; the instructor notebooks would be overwritten — choose a folder outside {sourceDirectory}");
        }

        if (IsSameOrInside(source, output))
        {
            throw new ArgumentException($"the output folder {outputDirectory} contains the source folder; choose a folder outside it");
        }

        var notebooks = Directory.EnumerateFiles(source, "*.ipynb").Where(f => !IsHidden(f)).Order(StringComparer.Ordinal).ToList();
        if (notebooks.Count == 0)
        {
            throw new ArgumentException($"{sourceDirectory} has no notebooks (.ipynb)");
        }

        Directory.CreateDirectory(output);
        var released = new List<ReleasedNotebook>();
        foreach (var file in notebooks)
        {
            var name = Path.GetFileName(file);
            try
            {
                var (json, entry) = StudentVersion(NotebookReader.Load(file));
                Gradebook.WriteAtomically(Path.Combine(output, name), json);
                released.Add(entry);
            }
            catch (NotebookFormatException e)
            {
                released.Add(new ReleasedNotebook(name, 0, 0, 0, e.Reason));
            }
        }

        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).Any(part => part.StartsWith('.'))
                || (Path.GetDirectoryName(relative) is "" && file.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            var target = Path.Combine(output, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }

        return released;
    }

    /// <summary>The student version of one notebook as <c>.ipynb</c> JSON, and what was removed.</summary>
    /// <param name="notebook">The instructor's notebook.</param>
    public static (string Json, ReleasedNotebook Entry) StudentVersion(NotebookDocument notebook)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        var cells = notebook.Cells;
        var drop = new HashSet<int>();
        var headings = 0;
        for (var i = 0; i < cells.Count; i++)
        {
            if (cells[i].HasTag(SolutionTag))
            {
                drop.Add(i);
                if (i > 0 && cells[i - 1].CellType == NotebookCellType.Markdown && SolutionHeading().IsMatch(cells[i - 1].Source) && drop.Add(i - 1))
                {
                    headings++;
                }
            }
        }

        var cleared = notebook.Document.Elements.Count(e => e.Outputs.Count > 0 || e.ExecutionOrder > 0);
        var student = notebook.Where(c => !drop.Contains(c.Index));
        var entry = new ReleasedNotebook(Path.GetFileName(notebook.Path), drop.Count - headings, headings, cleared, null);
        return (NotebookWriter.ToJson(student), entry);
    }

    private static bool IsSameOrInside(string path, string folder)
    {
        var comparison = OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        var p = Path.TrimEndingDirectorySeparator(path) + Path.DirectorySeparatorChar;
        var f = Path.TrimEndingDirectorySeparator(folder) + Path.DirectorySeparatorChar;
        return p.StartsWith(f, comparison);
    }

    private static bool IsHidden(string path) => Path.GetFileName(path).StartsWith('.');

    [GeneratedRegex(@"^\s*#{1,6}\s*(Solution|Model solution|Reference solution)s?(\s*\([a-z]\))?\s*:?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex SolutionHeading();
}
