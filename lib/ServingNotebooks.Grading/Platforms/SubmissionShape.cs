using System.IO.Compression;

namespace ServingNotebooks.Grading.Platforms;

/// <summary>What <see cref="SubmissionShape.Flatten"/> did: the notebooks it put in the flat folder, and one line per thing it skipped.</summary>
/// <param name="Notebooks">The notebooks copied, by their file name in the flat folder.</param>
/// <param name="Notes">One line per file, archive or duplicate that was not used, for the student's feedback.</param>
public sealed record FlattenedSubmission(IReadOnlyList<string> Notebooks, IReadOnlyList<string> Notes);

/// <summary>
/// Turns a submission of any shape into one flat folder of notebooks, the shape <see cref="SubmissionFinder"/> grades: a single
/// notebook, several, a folder one or more levels down (a zipped workbook unpacks as <c>workbook/notebooks/…</c>), or a
/// <c>.zip</c> of any of these. Platforms hand over what the student uploaded as it is (Gradescope's
/// <c>/autograder/submission/</c>, a Canvas attachment), so this is how they grade "the same as locally".
/// </summary>
/// <remarks>
/// Hidden folders (<c>.git</c>, <c>.ipynb_checkpoints</c>) and macOS's <c>__MACOSX</c> are skipped. When two notebooks have
/// the same file name, the one nearer the top wins. Archives are read with limits (<see cref="MaxArchiveBytes"/>,
/// <see cref="MaxArchiveEntries"/>, one level of nesting) so a zip bomb is a note, not a full disk; entries are extracted
/// by file name only, so no entry can write outside the folder.
/// </remarks>
public static class SubmissionShape
{
    /// <summary>At most this many bytes are extracted from one submission's archives (200 MB).</summary>
    public const long MaxArchiveBytes = 200_000_000;

    /// <summary>At most this many entries are read from one archive.</summary>
    public const int MaxArchiveEntries = 10_000;

    /// <summary>Copies every notebook of <paramref name="submission"/> into <paramref name="flatFolder"/>.</summary>
    /// <param name="submission">A notebook, a <c>.zip</c>, or a folder holding either at any depth.</param>
    /// <param name="flatFolder">The folder to fill (created; must be empty or missing).</param>
    public static FlattenedSubmission Flatten(string submission, string flatFolder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(submission);
        ArgumentException.ThrowIfNullOrWhiteSpace(flatFolder);
        Directory.CreateDirectory(flatFolder);
        var state = new State(flatFolder);
        if (File.Exists(submission))
        {
            state.AddFile(submission, Path.GetFileName(submission), depth: 0, archiveDepth: 0);
        }
        else if (Directory.Exists(submission))
        {
            state.AddFolder(submission, depth: 0, archiveDepth: 0);
        }
        else
        {
            state.Notes.Add($"{submission}: no such file or folder");
        }

        return new FlattenedSubmission([.. state.Chosen.Keys.Order(StringComparer.Ordinal)], state.Notes);
    }

    private sealed class State(string flatFolder)
    {
        public Dictionary<string, int> Chosen { get; } = new(StringComparer.OrdinalIgnoreCase);

        public List<string> Notes { get; } = [];

        public long ExtractedBytes { get; set; }

        public void AddFolder(string folder, int depth, int archiveDepth)
        {
            foreach (var file in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
            {
                AddFile(file, Path.GetRelativePath(folder, file), depth, archiveDepth);
            }

            foreach (var sub in Directory.EnumerateDirectories(folder).Order(StringComparer.Ordinal).Where(d => !Skipped(Path.GetFileName(d))))
            {
                AddFolder(sub, depth + 1, archiveDepth);
            }
        }

        public void AddFile(string file, string shownName, int depth, int archiveDepth)
        {
            var name = Path.GetFileName(file);
            if (name.StartsWith('.'))
            {
                return;
            }

            if (name.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase))
            {
                Add(name, depth, () => File.Copy(file, Path.Combine(flatFolder, name), overwrite: true));
            }
            else if (name.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
            {
                AddArchive(file, shownName, depth, archiveDepth);
            }
        }

        private void Add(string name, int depth, Action copy)
        {
            if (Chosen.TryGetValue(name, out var kept))
            {
                Notes.Add($"{name} appears more than once in the submission; the one nearest the top was graded");
                if (kept <= depth)
                {
                    return;
                }
            }

            copy();
            Chosen[name] = depth;
        }

        private void AddArchive(string file, string shownName, int depth, int archiveDepth)
        {
            if (archiveDepth >= 2)
            {
                Notes.Add($"{shownName} is an archive inside an archive inside an archive; it was not opened");
                return;
            }

            try
            {
                using var archive = ZipFile.OpenRead(file);
                if (archive.Entries.Count > MaxArchiveEntries)
                {
                    Notes.Add($"{shownName} has {archive.Entries.Count} entries (at most {MaxArchiveEntries} are read); it was not opened");
                    return;
                }

                var inner = Path.Combine(Path.GetTempPath(), "servingbook-zip-" + Guid.NewGuid().ToString("N"));
                try
                {
                    foreach (var entry in archive.Entries.OrderBy(e => e.FullName, StringComparer.Ordinal))
                    {
                        var parts = entry.FullName.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
                        if (parts.Length == 0 || parts.SkipLast(1).Any(p => Skipped(p) || p == "..") || entry.FullName.EndsWith('/'))
                        {
                            continue;
                        }

                        var name = parts[^1];
                        var isNotebook = name.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase);
                        var isArchive = name.EndsWith(".zip", StringComparison.OrdinalIgnoreCase);
                        if (name.StartsWith('.') || !(isNotebook || isArchive))
                        {
                            continue;
                        }

                        if (ExtractedBytes + entry.Length > MaxArchiveBytes)
                        {
                            Notes.Add($"{shownName}: more than {MaxArchiveBytes / 1_000_000} MB to unpack; the rest of it was not read");
                            return;
                        }

                        ExtractedBytes += entry.Length;
                        var entryDepth = depth + parts.Length - 1;
                        if (isNotebook)
                        {
                            Add(name, entryDepth, () => entry.ExtractToFile(Path.Combine(flatFolder, name), overwrite: true));
                        }
                        else
                        {
                            Directory.CreateDirectory(inner);
                            var nested = Path.Combine(inner, Guid.NewGuid().ToString("N") + ".zip");
                            entry.ExtractToFile(nested);
                            AddArchive(nested, $"{shownName}/{entry.FullName}", entryDepth, archiveDepth + 1);
                        }
                    }
                }
                finally
                {
                    if (Directory.Exists(inner))
                    {
                        Directory.Delete(inner, recursive: true);
                    }
                }
            }
            catch (InvalidDataException e)
            {
                Notes.Add($"{shownName} is not a zip archive that can be read ({e.Message.ReplaceLineEndings(" ")})");
            }
        }

        private static bool Skipped(string folderName) =>
            folderName.StartsWith('.') || folderName.Equals("__MACOSX", StringComparison.OrdinalIgnoreCase);
    }
}
