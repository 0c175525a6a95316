using System.Collections;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;
using ServingMath;
using ServingNotebooks.Grading;
using ServingNotebooks.Runner;

namespace ServingNotebooks.Tests.Workbook;

/// <summary>Where the workbook's notebooks and the library they load live, found from the test assembly's folder.</summary>
internal static partial class Workbook
{
    /// <summary>The library the notebooks load (setup.dib), relative to the notebooks folder.</summary>
    public const string LibraryFromNotebooks = "../lib/bin/ServingMath.dll";

    /// <summary>The repository root: the first folder above the test assembly that holds ServingNotebooks.sln.</summary>
    public static string Root { get; } = FindRoot();

    public static string NotebooksFolder => Path.Combine(Root, "notebooks");

    public static string PathOf(string notebook) => Path.Combine(NotebooksFolder, notebook);

    /// <summary>Every numbered notebook (<c>NN-name.ipynb</c>) in notebooks/, in name order: the ones present today, and later ones as they are added.</summary>
    public static IReadOnlyList<string> NotebookNames() =>
        [.. Directory.EnumerateFiles(NotebooksFolder, "*.ipynb")
            .Select(path => Path.GetFileName(path))
            .Where(name => NumberedNotebook().IsMatch(name))
            .Order(StringComparer.Ordinal)];

    /// <summary>
    /// Fails with a clear message unless the library the notebooks load exists and is the build these tests were compiled
    /// against (the test project references ServingMath, so <c>dotnet test</c> builds it and copies it there).
    /// </summary>
    public static void RequireLibraryBuilt()
    {
        var path = Path.GetFullPath(Path.Combine(NotebooksFolder, LibraryFromNotebooks));
        Assert.True(File.Exists(path),
            $"The notebooks load {path} (setup.dib), but it does not exist. Build it: 'dotnet build' in {Root}, then run the tests again.");
        var loaded = typeof(Queueing).Assembly.Location;
        Assert.True(Mvid(path) == Mvid(loaded),
            $"{path} is not the ServingMath build the tests use ({loaded}); the notebooks would test a stale library. Run 'dotnet build' in {Root}.");
    }

    /// <summary>Whether a value read from the kernel is the exercise's expected answer; <paramref name="found"/> describes it.</summary>
    /// <remarks>
    /// Tolerance: real numbers (<see cref="AnswerKind.Number"/>) must be a double within the grader's tolerance,
    /// |value − expected| ≤ <see cref="ExercisePart.Tolerance"/> × max(1, |expected|) (1e-6 relative); whole numbers and indexes must
    /// be equal exactly; name lists must hold the same names, order and case ignored.
    /// </remarks>
    public static bool IsExpected(ExercisePart exercise, object? value, out string found)
    {
        found = value switch
        {
            null => "null",
            IEnumerable<string> names => $"[{string.Join(", ", names)}] ({value.GetType().Name})",
            IEnumerable<int> indexes => $"[{string.Join(", ", indexes)}] ({value.GetType().Name})",
            _ => $"{value} ({value.GetType().Name})",
        };
        return exercise.Kind switch
        {
            AnswerKind.Number => value is double d && exercise.Expected is double x
                && Math.Abs(d - x) <= exercise.Tolerance * Math.Max(1, Math.Abs(x)),
            AnswerKind.Integer => value is int or long && Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)
                == Convert.ToInt64(exercise.Expected, System.Globalization.CultureInfo.InvariantCulture),
            AnswerKind.NullableIndex => exercise.Expected is null
                ? value is null
                : value is int i && i == Convert.ToInt32(exercise.Expected, System.Globalization.CultureInfo.InvariantCulture),
            AnswerKind.NameList => value is IEnumerable<string> given && exercise.Expected is IEnumerable expected
                && given.Select(n => n.ToUpperInvariant()).ToHashSet().SetEquals(expected.Cast<string>().Select(n => n.ToUpperInvariant()))
                && given.Count() == expected.Cast<string>().Count(),
            AnswerKind.IndexList => value is IEnumerable<int> got && exercise.Expected is IEnumerable<int> want && got.SequenceEqual(want),
            AnswerKind.Choice => value is string letter && Checks.Matches(AnswerKind.Choice, letter, exercise.Expected, 0),
            _ => false,
        };
    }

    /// <summary>The Check cells: each the first code cell after a markdown cell headed "## Check" or "### Check (b)".</summary>
    public static IReadOnlyList<NotebookCell> CheckCells(NotebookDocument notebook) =>
        [.. notebook.Cells
            .Where(c => c.CellType == NotebookCellType.Markdown && IsCheckHeading(c.Source))
            .Select(heading => notebook.Cells.Skip(heading.Index + 1).FirstOrDefault(c => c.CellType == NotebookCellType.Code))
            .OfType<NotebookCell>()];

    public static bool IsCheckHeading(string markdown) => CheckHeading().IsMatch(markdown.TrimStart());

    /// <summary>Everything a cell showed, as text (HTML included), to look for ✔ and ✘.</summary>
    public static string Shown(CellResult cell) => string.Join("\n", cell.Outputs.SelectMany(o => o.Data.Values));

    private static Guid Mvid(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new PEReader(stream);
        var metadata = reader.GetMetadataReader();
        return metadata.GetGuid(metadata.GetModuleDefinition().Mvid);
    }

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "ServingNotebooks.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds ServingNotebooks.sln; run the tests from the repository.");
    }

    [GeneratedRegex(@"^#{2,3} Check\b")]
    private static partial Regex CheckHeading();

    [GeneratedRegex(@"^\d\d-.+\.ipynb$")]
    private static partial Regex NumberedNotebook();
}

/// <summary>One notebook run in its own kernel, and what the tests read from it before the kernel was disposed.</summary>
/// <param name="Notebook">The notebook that ran (without its solution cells for a starter run).</param>
/// <param name="Result">Every cell's result.</param>
/// <param name="Exercise">The exercise GradingSpec grades from this notebook (expected answers resolved from data/), or null when it has none.</param>
/// <param name="Answers">Each part's answer variable that the kernel held after the run, by name (a null value: defined and null).</param>
internal sealed record WorkbookRun(NotebookDocument Notebook, NotebookRunResult Result, Exercise? Exercise, IReadOnlyDictionary<string, object?> Answers)
{
    public static async Task<WorkbookRun> RunAsync(string name, bool withoutSolution)
    {
        Workbook.RequireLibraryBuilt();
        var notebook = NotebookReader.Load(Workbook.PathOf(name));
        if (withoutSolution)
        {
            notebook = notebook.WithoutCellsTagged("solution");
        }

        var exercise = GradingSpec.ForNotebook(name)?.Resolve(Path.Combine(Workbook.NotebooksFolder, "data"));
        await using var session = new NotebookRunner(new NotebookRunnerOptions { CellTimeout = TimeSpan.FromSeconds(120) }).StartSession(notebook);
        var result = await session.RunNotebookAsync(notebook);
        var answers = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var part in exercise?.Parts ?? [])
        {
            if (session.VariableNames.Contains(part.AnswerVariable))
            {
                session.TryGetVariable(part.AnswerVariable, out object? value);
                answers[part.AnswerVariable] = value;
            }
        }

        return new WorkbookRun(notebook, result, exercise, answers);
    }

    /// <summary>The failed cells, one line each, for assertion messages.</summary>
    public string Failures => string.Join("\n", Result.FailedCells.Select(c => $"{Notebook.Name} cell {c.Index}: {c.FailureSummary}"));

    /// <summary>The results of the Check cells, in notebook order.</summary>
    public IReadOnlyList<CellResult> Checks => [.. Workbook.CheckCells(Notebook).Select(cell => Result.Cells[cell.Index])];
}
