using System.Globalization;

namespace ServingNotebooks.Grading;

/// <summary>One submitted notebook and the exercise it is graded as.</summary>
/// <param name="Exercise">The exercise, found from the file name.</param>
/// <param name="Path">The notebook's full path.</param>
public sealed record SubmittedNotebook(Exercise Exercise, string Path);

/// <summary>One student's submission: the notebooks found for each exercise, and one line per file that was not used.</summary>
/// <param name="Student">The student's name: the submission folder's name, or the notebook's name without extension for a single file.</param>
/// <param name="Source">The submission folder or file, as found.</param>
/// <param name="Notebooks">The notebooks to grade, in exercise order (at most one per exercise).</param>
/// <param name="Notes">One line per file that was ignored (not an exercise, a second copy of an exercise).</param>
public sealed record Submission(string Student, string Source, IReadOnlyList<SubmittedNotebook> Notebooks, IReadOnlyList<string> Notes);

/// <summary>
/// Finds submissions. A submission is a folder of notebooks (one student, named after the folder) or a single
/// <c>.ipynb</c> (one student, named after the file); a class is a folder of submissions. A folder is a class when one
/// of its sub-folders holds notebooks; otherwise it is one submission. Hidden folders (<c>.git</c>,
/// <c>.ipynb_checkpoints</c>) are skipped. Each notebook is matched to an exercise by its file name: the exact name
/// (<c>04-kv-concurrency.ipynb</c>), a name that contains the exercise's stem (<c>ada-04-kv-concurrency (1).ipynb</c>), or a
/// name that starts with the exercise's two-digit number (<c>04 my answer.ipynb</c>).
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
            var studentFolders = Directory.EnumerateDirectories(full)
                .Where(d => !IsHidden(d) && Notebooks(d).Any())
                .Order(StringComparer.Ordinal)
                .ToList();
            if (studentFolders.Count == 0)
            {
                if (Notebooks(full).Any())
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
                submissions.AddRange(studentFolders.Select(d => FromFolder(d, exercises)));
                submissions.AddRange(Notebooks(full).Select(f => FromFile(f, exercises)));
            }
        }
        else
        {
            problems.Add($"{path}: no such file or folder");
        }

        foreach (var twin in submissions.GroupBy(s => s.Student, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add($"{twin.Key}: {twin.Count()} submissions have this name ({string.Join(", ", twin.Select(s => System.IO.Path.GetFileName(s.Source)))}); only the first is graded");
        }

        var unique = submissions.GroupBy(s => s.Student, StringComparer.Ordinal).Select(g => g.First()).OrderBy(s => s.Student, StringComparer.Ordinal).ToList();
        return (unique, problems);
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
        var notes = new List<string>();
        var byExercise = new Dictionary<int, string>();
        foreach (var file in Notebooks(folder))
        {
            var fileName = System.IO.Path.GetFileName(file);
            var exercise = Match(file, exercises);
            if (exercise is null)
            {
                notes.Add($"{fileName} is not one of the exercises' notebooks; it was not graded");
                continue;
            }

            if (byExercise.TryGetValue(exercise.Number, out var first))
            {
                // An exact name wins over a looser match; otherwise the first in name order.
                var keep = string.Equals(fileName, exercise.Notebook, StringComparison.OrdinalIgnoreCase) ? file : first;
                var drop = keep == file ? first : file;
                byExercise[exercise.Number] = keep;
                notes.Add($"{System.IO.Path.GetFileName(drop)} is a second notebook for exercise {exercise.Number}; {System.IO.Path.GetFileName(keep)} was graded");
                continue;
            }

            byExercise[exercise.Number] = file;
        }

        var notebooks = exercises.Where(e => byExercise.ContainsKey(e.Number)).Select(e => new SubmittedNotebook(e, byExercise[e.Number])).ToList();
        return new Submission(System.IO.Path.GetFileName(folder), folder, notebooks, notes);
    }

    private static IEnumerable<string> Notebooks(string folder) =>
        Directory.EnumerateFiles(folder, "*.ipynb").Where(f => !IsHidden(f)).Order(StringComparer.Ordinal);

    private static bool IsHidden(string path) => System.IO.Path.GetFileName(path).StartsWith('.');

    private static string Normalize(string text) =>
        new([.. text.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : '-')]);
}
