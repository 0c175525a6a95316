using System.Globalization;

namespace ServingNotebooks.Grading;

/// <summary>One submitted notebook and the exercise it is graded as.</summary>
/// <param name="Exercise">The exercise, found from the file name.</param>
/// <param name="Path">The notebook's full path.</param>
public sealed record SubmittedNotebook(Exercise Exercise, string Path)
{
    /// <summary>Why the notebook is graded 0 without being run (a link that leaves the student's folder), or null.</summary>
    public string? Refusal { get; init; }
}

/// <summary>One student's submission: the notebooks found for each exercise, and one line per file that was not used.</summary>
/// <param name="Student">The student's name: the submission folder's name, or the notebook's name without extension for a single file.</param>
/// <param name="Source">The submission folder or file, as found.</param>
/// <param name="Notebooks">The notebooks to grade, in exercise order (at most one per exercise).</param>
/// <param name="Notes">One line per file that was ignored (not an exercise, a second copy of an exercise).</param>
public sealed record Submission(string Student, string Source, IReadOnlyList<SubmittedNotebook> Notebooks, IReadOnlyList<string> Notes);

/// <summary>
/// Finds submissions as they arrive. A submission is a folder (one student, named after the folder) or a single <c>.ipynb</c>
/// (one student, named after the file); a class is a folder of submissions. A folder is a class when one of its
/// sub-folders holds notebooks at any depth; then every sub-folder is a student, and one with nothing gradable is listed
/// with the reason. Inside a student's folder notebooks are found at any depth (an unzipped workbook's
/// <c>ada/notebooks/01-….ipynb</c>); for each exercise the shallowest match wins and the others are named in the notes.
/// Hidden folders (<c>.git</c>, <c>.ipynb_checkpoints</c>) and <c>__MACOSX</c> are skipped. Links are not followed out of
/// the student's folder: a notebook that is a link to a file elsewhere (a classmate's) is graded 0 with the reason, a link
/// to a folder elsewhere is named in the notes. Each notebook is matched to an exercise by its file name: the exact name
/// (<c>04-kv-concurrency.ipynb</c>), a name that contains the exercise's stem (<c>ada-04-kv-concurrency (1).ipynb</c>), or
/// a name that starts with the exercise's number (<c>04 my answer.ipynb</c>).
/// </summary>
public static class SubmissionFinder
{
    /// <summary>Finds the submissions at <paramref name="path"/>.</summary>
    /// <param name="path">A class folder, a submission folder or a single notebook.</param>
    /// <param name="exercises">The exercises to grade.</param>
    /// <returns>The submissions ordered by student name, and one line per path that names nothing gradable.</returns>
    public static (IReadOnlyList<Submission> Submissions, IReadOnlyList<string> Problems) Find(string path, IReadOnlyList<Exercise> exercises)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(exercises);
        var full = System.IO.Path.GetFullPath(path);
        var submissions = new List<Submission>();
        var problems = new List<string>();
        if (File.Exists(full))
        {
            submissions.Add(FromFile(full, exercises));
        }
        else if (Directory.Exists(full))
        {
            var folders = Directory.EnumerateDirectories(full).Where(d => !IsSkipped(d)).Order(StringComparer.Ordinal).ToList();
            if (folders.Any(d => !IsLink(d) && AllNotebooks(d).Any()))
            {
                submissions.AddRange(folders.Select(d => FromFolder(d, exercises)));
                submissions.AddRange(TopNotebooks(full).Select(f => FromFile(f, exercises)));
            }
            else if (TopNotebooks(full).Any())
            {
                submissions.Add(FromFolder(full, exercises));
            }
            else
            {
                problems.Add($"{path}: no notebooks (.ipynb) in this folder or its sub-folders");
            }
        }
        else
        {
            problems.Add($"{path}: no such file or folder");
        }

        if (Directory.Exists(full) && ClassroomClonePrefix(full) is { } prefix)
        {
            submissions = [.. submissions.Select(s => Directory.Exists(s.Source) && System.IO.Path.GetFileName(s.Source) is { } repository
                && repository.Length > prefix.Length && repository.StartsWith(prefix, StringComparison.Ordinal)
                    ? s with { Student = repository[prefix.Length..] }
                    : s)];
        }

        foreach (var twin in submissions.GroupBy(s => s.Student, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add($"{twin.Key}: {twin.Count()} submissions have this name ({string.Join(", ", twin.Select(s => System.IO.Path.GetFileName(s.Source)))}); only the first is graded");
        }

        var unique = submissions.GroupBy(s => s.Student, StringComparer.Ordinal).Select(g => g.First()).OrderBy(s => s.Student, StringComparer.Ordinal).ToList();
        return (unique, problems);
    }

    /// <summary>
    /// For the folder <c>gh classroom clone student-repos</c> makes, the prefix of its repositories' names: the GitHub CLI's
    /// classroom extension clones each accepted assignment into <c>&lt;assignment slug&gt;-submissions/&lt;repository name&gt;</c>
    /// (github/gh-classroom, <c>cmd/gh-classroom/clone/student-repos/student-repos.go</c>), and GitHub Classroom names a
    /// student's repository <c>&lt;assignment slug&gt;-&lt;GitHub username&gt;</c>: such a class is graded by username. Null
    /// for any other folder.
    /// </summary>
    /// <param name="folder">The class folder.</param>
    public static string? ClassroomClonePrefix(string folder)
    {
        const string Suffix = "-submissions";
        var name = System.IO.Path.GetFileName(System.IO.Path.TrimEndingDirectorySeparator(folder));
        return name.Length > Suffix.Length && name.EndsWith(Suffix, StringComparison.Ordinal) ? name[..^"submissions".Length] : null;
    }

    /// <summary>The exercise a notebook file name is graded as, or null when it matches none.</summary>
    /// <param name="fileName">A file name or path.</param>
    /// <param name="exercises">The exercises.</param>
    public static Exercise? Match(string fileName, IReadOnlyList<Exercise> exercises)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(exercises);
        var name = System.IO.Path.GetFileName(fileName);
        var exact = exercises.FirstOrDefault(e => string.Equals(e.Notebook, name, StringComparison.OrdinalIgnoreCase));
        if (exact is not null)
        {
            return exact;
        }

        var normalized = Normalize(System.IO.Path.GetFileNameWithoutExtension(name));
        var byStem = exercises.FirstOrDefault(e => normalized.Contains(Normalize(System.IO.Path.GetFileNameWithoutExtension(e.Notebook)), StringComparison.Ordinal));
        if (byStem is not null)
        {
            return byStem;
        }

        var digits = new string([.. name.TakeWhile(char.IsAsciiDigit)]);
        return digits.Length is 1 or 2 && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? exercises.FirstOrDefault(e => e.Number == number)
            : null;
    }

    private static Submission FromFile(string file, IReadOnlyList<Exercise> exercises)
    {
        var student = System.IO.Path.GetFileNameWithoutExtension(file);
        var exercise = Match(file, exercises);
        return exercise is null
            ? new Submission(student, file, [], [$"{System.IO.Path.GetFileName(file)} is not one of the exercises' notebooks (graded by file name, e.g. {exercises.FirstOrDefault()?.Notebook})"])
            : new Submission(student, file, [new SubmittedNotebook(exercise, file)], []);
    }

    private static Submission FromFolder(string folder, IReadOnlyList<Exercise> exercises)
    {
        var student = System.IO.Path.GetFileName(folder);
        if (IsLink(folder))
        {
            return new Submission(student, folder, [], [$"{student} is a link to a folder elsewhere ({new DirectoryInfo(folder).LinkTarget}); links are not followed, so nothing was graded"]);
        }

        var notes = new List<string>();
        var root = RealPath(folder);
        var candidates = new List<(Exercise Exercise, string File, int Depth, bool Exact, string? Refusal)>();
        foreach (var (file, depth) in Walk(folder, notes))
        {
            var relative = System.IO.Path.GetRelativePath(folder, file);
            var exercise = Match(file, exercises);
            if (exercise is null)
            {
                notes.Add($"{relative} is not one of the exercises' notebooks; it was not graded");
                continue;
            }

            string? refusal = null;
            if (IsLink(file))
            {
                var target = RealPath(file);
                if (!IsInside(target, root))
                {
                    refusal = $"{relative} is a link to a file outside {student}'s folder ({target}); links out of a submission are not followed, so it earns nothing";
                }
            }

            candidates.Add((exercise, file, depth, string.Equals(System.IO.Path.GetFileName(file), exercise.Notebook, StringComparison.OrdinalIgnoreCase), refusal));
        }

        var notebooks = new List<SubmittedNotebook>();
        foreach (var group in candidates.GroupBy(c => c.Exercise.Number).OrderBy(g => g.Key))
        {
            // The shallowest wins; then an exact name over a looser match; then name order.
            var ordered = group.OrderBy(c => c.Depth).ThenBy(c => c.Exact ? 0 : 1).ThenBy(c => c.File, StringComparer.Ordinal).ToList();
            var keep = ordered[0];
            notebooks.Add(new SubmittedNotebook(keep.Exercise, keep.File) { Refusal = keep.Refusal });
            if (keep.Refusal is not null)
            {
                notes.Add(keep.Refusal);
            }

            foreach (var drop in ordered.Skip(1))
            {
                notes.Add($"{System.IO.Path.GetRelativePath(folder, drop.File)} is a second notebook for exercise {keep.Exercise.Number}; {System.IO.Path.GetRelativePath(folder, keep.File)} was graded");
            }
        }

        if (notebooks.Count == 0 && !notes.Any(n => n.Contains("not one of the exercises", StringComparison.Ordinal)))
        {
            notes.Add($"no notebooks (.ipynb) were found in {student}'s folder, so nothing was graded");
        }

        return new Submission(student, folder, [.. notebooks.OrderBy(n => n.Exercise.Number)], notes);
    }

    /// <summary>Every notebook under a folder with its depth (0: in the folder itself), without entering linked folders.</summary>
    private static IEnumerable<(string File, int Depth)> Walk(string folder, List<string>? notes)
    {
        var root = RealPath(folder);
        var queue = new Queue<(string Folder, int Depth)>([(folder, 0)]);
        while (queue.Count > 0)
        {
            var (current, depth) = queue.Dequeue();
            foreach (var file in TopNotebooks(current))
            {
                yield return (file, depth);
            }

            foreach (var sub in Directory.EnumerateDirectories(current).Where(d => !IsSkipped(d)).Order(StringComparer.Ordinal))
            {
                if (!IsLink(sub))
                {
                    queue.Enqueue((sub, depth + 1));
                }
                else if (!IsInside(RealPath(sub), root))
                {
                    notes?.Add($"{System.IO.Path.GetRelativePath(folder, sub)} is a link to a folder outside the submission ({new DirectoryInfo(sub).LinkTarget}); it was not followed");
                }
            }
        }
    }

    private static IEnumerable<string> AllNotebooks(string folder) => Walk(folder, null).Select(f => f.File);

    private static IEnumerable<string> TopNotebooks(string folder) =>
        Directory.EnumerateFiles(folder, "*.ipynb").Where(f => !IsSkipped(f)).Order(StringComparer.Ordinal);

    private static bool IsSkipped(string path) => System.IO.Path.GetFileName(path) is var name && (name.StartsWith('.') || name == "__MACOSX");

    private static bool IsLink(string path) => new FileInfo(path).LinkTarget is not null;

    private static string RealPath(string path)
    {
        try
        {
            var info = Directory.Exists(path) ? (FileSystemInfo)new DirectoryInfo(path) : new FileInfo(path);
            return RealFolder(info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path);
        }
        catch (IOException)
        {
            return System.IO.Path.GetFullPath(path);
        }
    }

    /// <summary>A path with its folders' links resolved (a class folder under a linked /tmp still compares equal).</summary>
    private static string RealFolder(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        var parent = System.IO.Path.GetDirectoryName(full);
        if (parent is null)
        {
            return full;
        }

        var realParent = new DirectoryInfo(parent).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? RealFolder(parent);
        return System.IO.Path.Combine(realParent, System.IO.Path.GetFileName(full));
    }

    private static bool IsInside(string path, string folder) =>
        path.StartsWith(folder.TrimEnd('/') + "/", StringComparison.Ordinal);

    private static string Normalize(string text) =>
        new([.. text.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : '-')]);
}
