using System.Diagnostics;
using ServingNotebooks.Exercises;
using ServingNotebooks.Runner;

namespace ServingNotebooks.Practice;

/// <summary>
/// The practice score of one exercise, as a student's own GitHub Classroom job computes it: the exercise's notebook run
/// headless in a fresh kernel, then each part checked the way the notebook's one-line check does — the answer variable
/// against the library's answer for the notebook's inputs, then the part's function on each of the part's visible cases
/// (the spec in <see cref="Specs"/>, which the student copy carries). A part earns its points when all of those hold.
/// </summary>
/// <remarks>
/// Nothing here is secret, and nothing needs to be: the hidden cases and the solutions stay with the instructor, whose own
/// run (<c>servingbook grade</c>) makes the grade. The student controls this job, so its score is practice, and says so in
/// every test's message. It reads only the exercise's own notebook, so its feedback names no other exercise.
/// </remarks>
public static class PracticeCheck
{
    /// <summary>The first line of every test's message.</summary>
    public const string PracticeNote =
        "Practice score: the notebook's visible checks only (its own inputs and the check's visible cases). "
        + "Your grade comes from your instructor's grading run, with cases you do not see.";

    /// <summary>Finds, runs and checks exercise <paramref name="exercise"/> in <paramref name="student"/>. Never throws for a bad notebook.</summary>
    /// <param name="student">The student's repository (the notebook is found at any depth, shallowest first) or the notebook itself.</param>
    /// <param name="exercise">The exercise (from <see cref="Specs"/>: visible cases only).</param>
    /// <param name="cellTimeout">How long one cell or one visible case may run. Range: &gt; 0.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public static async Task<ReporterResult> RunAsync(string student, Exercise exercise, TimeSpan cellTimeout, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(student);
        ArgumentNullException.ThrowIfNull(exercise);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(cellTimeout, TimeSpan.Zero);
        var name = $"Exercise {exercise.Number}: {exercise.Title} — practice";
        var path = FindNotebook(student, exercise.Notebook);
        if (path is null)
        {
            return Error(name, exercise, $"{exercise.Notebook} was not found in {student}: commit it (in notebooks/, as the workbook has it).");
        }

        NotebookDocument document;
        Exercise resolved;
        try
        {
            document = NotebookReader.Load(path);
            resolved = exercise.Resolve(Path.Combine(document.Directory, "data"));
        }
        catch (NotebookFormatException e)
        {
            return Error(name, exercise, $"{exercise.Notebook} {e.Reason}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Error(name, exercise, $"{exercise.Notebook} or its data/ folder cannot be read ({e.Message})");
        }

        var stopwatch = Stopwatch.StartNew();
        await using var session = new NotebookSession(new NotebookSessionOptions { WorkingDirectory = document.Directory, CellTimeout = cellTimeout });
        var run = await session.RunNotebookAsync(document, cancellationToken: cancellationToken).ConfigureAwait(false);
        var failed = run.FailedCells.Take(3).Select(c => $"cell {c.Index + 1}: {OneLine(c.FailureSummary ?? c.Status.ToString())}").ToList();
        var tests = new List<ReporterTest>();
        foreach (var part in resolved.Parts)
        {
            var verdict = await CheckPartAsync(session, part, cancellationToken).ConfigureAwait(false);
            var lines = new List<string> { PracticeNote, verdict.Line };
            if (!verdict.Passed)
            {
                lines.AddRange(failed.Select(f => "A cell failed: " + f));
            }

            tests.Add(new ReporterTest(
                $"{exercise.Number}({part.Name}). {part.Title} — practice",
                verdict.Passed ? "pass" : "fail",
                verdict.Passed ? part.Points : 0,
                string.Join('\n', lines),
                $"servingbook-practice --exercise {exercise.Number}",
                exercise.Notebook,
                0,
                (long)stopwatch.Elapsed.TotalMilliseconds));
        }

        return new ReporterResult(1, tests.All(t => t.Status == "pass") ? "pass" : "fail", exercise.Points, tests);
    }

    /// <summary>
    /// The exercise's notebook in <paramref name="student"/>: the path itself when it is a notebook, else the file named
    /// <paramref name="notebook"/> (ignoring case) nearest the top, skipping <c>.git</c>, <c>bin</c> and <c>obj</c>; null when none.
    /// </summary>
    /// <param name="student">A folder or a notebook.</param>
    /// <param name="notebook">The exercise's file name, e.g. "04-kv-concurrency.ipynb".</param>
    public static string? FindNotebook(string student, string notebook)
    {
        ArgumentNullException.ThrowIfNull(student);
        ArgumentNullException.ThrowIfNull(notebook);
        if (File.Exists(student))
        {
            return string.Equals(Path.GetFileName(student), notebook, StringComparison.OrdinalIgnoreCase) ? Path.GetFullPath(student) : null;
        }

        if (!Directory.Exists(student))
        {
            return null;
        }

        var options = new EnumerationOptions { RecurseSubdirectories = true, MatchCasing = MatchCasing.CaseInsensitive, IgnoreInaccessible = true };
        var root = Path.GetFullPath(student);
        return Directory.EnumerateFiles(root, notebook, options)
            .Where(f => !Path.GetRelativePath(root, f).Split(Path.DirectorySeparatorChar).Any(d => d is ".git" or "bin" or "obj"))
            .OrderBy(f => Path.GetRelativePath(root, f).Count(c => c == Path.DirectorySeparatorChar))
            .ThenBy(f => f, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    private static async Task<(bool Passed, string Line)> CheckPartAsync(NotebookSession session, ExercisePart part, CancellationToken cancellationToken)
    {
        var variable = part.AnswerVariable;
        if (!session.VariableNames.Contains(variable))
        {
            return (false, $"✘ {variable}: no variable named {variable} after the notebook's cells ran. {part.Nudge}");
        }

        session.TryGetVariable<object?>(variable, out var value);
        if (Checks.IsPlaceholder(part.Kind, value))
        {
            return (false, $"… {variable}: not answered yet.");
        }

        if (!Checks.Matches(part.Kind, value, part.Expected, part.Tolerance, part.NameSynonyms))
        {
            return (false, $"✘ {variable} is {Checks.Show(value)}: not yet. {part.Nudge}");
        }

        if (part.FunctionName is not { } function || part.VisibleCases.Count == 0)
        {
            return (true, $"✔ {variable}: right.");
        }

        foreach (var visible in part.VisibleCases)
        {
            var shown = function + visible.Describe();
            if (session.IsBroken)
            {
                return (false, $"✘ {shown}: not run, an earlier cell or call timed out.");
            }

            object? result;
            try
            {
                // An array holds a null result too (a part whose answer may be "nothing fits").
                result = (await session.EvaluateAsync<object?[]>($"new object[] {{ {visible.Call(function)} }}", cancellationToken).ConfigureAwait(false))[0];
            }
            catch (InvalidOperationException e)
            {
                return (false, $"✘ {shown}: {OneLine(e.Message)}");
            }

            if (!Checks.Matches(part.Kind, result, visible.Expected, part.Tolerance, part.NameSynonyms))
            {
                return (false, $"✘ {variable} is right for the notebook's inputs, but {shown} gives {Checks.Show(result)}. {part.Nudge}");
            }
        }

        return (true, $"✔ {variable}: right, and {function} is right on {part.VisibleCases.Count} other inputs.");
    }

    private static ReporterResult Error(string name, Exercise exercise, string why) =>
        new(1, "error", exercise.Points, [new ReporterTest(name, "error", 0, PracticeNote + "\n" + why, string.Empty, exercise.Notebook, 0, 0)]);

    private static string OneLine(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= 300 ? line : line[..297] + "…";
    }
}
