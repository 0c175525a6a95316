namespace ServingBook;

/// <summary>Turns command-line paths into notebook files, with one problem line for each path that cannot be used.</summary>
public static class NotebookFiles
{
    /// <summary>The workbook's notebook folder name.</summary>
    public const string NotebooksFolder = "notebooks";

    /// <summary>
    /// Expands <paramref name="paths"/>: a file stays as it is (the reader reports it if it is not a notebook); a folder
    /// gives its <c>*.ipynb</c> files in name order; nothing means the workbook's <c>notebooks/</c> folder, looked for in
    /// <paramref name="currentDirectory"/> and its parents.
    /// </summary>
    /// <param name="paths">Paths as given on the command line.</param>
    /// <param name="currentDirectory">Where relative paths and the search for <c>notebooks/</c> start.</param>
    /// <returns>The files to run, and one line per path that names nothing runnable.</returns>
    public static (IReadOnlyList<string> Files, IReadOnlyList<string> Problems) Resolve(IReadOnlyList<string> paths, string currentDirectory)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var files = new List<string>();
        var problems = new List<string>();
        if (paths.Count == 0)
        {
            var folder = FindNotebooksFolder(currentDirectory);
            if (folder is null)
            {
                problems.Add($"no {NotebooksFolder}/ folder in {currentDirectory} or its parents; name the notebooks to run");
                return (files, problems);
            }

            paths = [Path.GetRelativePath(currentDirectory, folder)];
        }

        foreach (var path in paths)
        {
            var full = Path.GetFullPath(path, currentDirectory);
            if (Directory.Exists(full))
            {
                files.AddRange(Directory.EnumerateFiles(full, "*.ipynb")
                    .Order(StringComparer.Ordinal)
                    .Select(f => Path.Join(path, Path.GetFileName(f))));
            }
            else if (File.Exists(full))
            {
                files.Add(path);
            }
            else
            {
                problems.Add($"{path}: no such file or folder");
            }
        }

        return (files.Distinct().ToList(), problems);
    }

    /// <summary>The workbook's <c>notebooks/</c> folder: in <paramref name="start"/> or the nearest parent that has one; null when none has.</summary>
    /// <param name="start">The folder to start from.</param>
    public static string? FindNotebooksFolder(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, NotebooksFolder);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
